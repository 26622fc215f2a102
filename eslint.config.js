// Lint that holds the house: typescript-eslint's recommended rules, and the import boundaries of
// DESIGN.md as one table. Imports run one way, packet <- env <- resolver <- {addrinfo, update}
// <- node <- cli, and everything may import errors.ts; a layer reaches another only through that
// folder's index.ts (no deep import across layers); nothing imports cli; only
// packet/dns-packet.ts imports dns-packet. The boundary rule is ESLint's own no-restricted-imports,
// generated per layer from LAYERS below: an arrow against the order fails `npm run lint` (and so
// `npm test`); test/lint.test.ts shows it failing on a reversed import.
import tseslint from 'typescript-eslint';

/** Each layer and the layers it may import (besides errors.ts and itself). */
const LAYERS = {
  packet: [],
  env: ['packet'],
  resolver: ['packet', 'env'],
  addrinfo: ['packet', 'env', 'resolver'],
  update: ['packet', 'env', 'resolver'],
  node: ['packet', 'env', 'resolver', 'addrinfo', 'update'],
  cli: ['packet', 'env', 'resolver', 'addrinfo', 'update', 'node'],
};

const DNS_PACKET = { name: 'dns-packet', message: 'Only src/packet/dns-packet.ts imports dns-packet.' };

/** The no-restricted-imports options for one layer's files. */
function layerRule(layer, { dnsPacket = false } = {}) {
  const allowed = LAYERS[layer];
  const forbidden = Object.keys(LAYERS).filter((other) => other !== layer && !allowed.includes(other));
  const patterns = forbidden.map((other) => ({
    group: [`../${other}/*`, `../../${other}/*`],
    message: `${layer}/ may not import ${other}/: imports run packet <- env <- resolver <- {addrinfo, update} <- node <- cli (DESIGN.md).`,
  }));
  if (allowed.length > 0) {
    patterns.push({
      group: allowed.flatMap((other) => [`../${other}/*`, `!../${other}/index.js`]),
      message: 'Reach another layer through its index.ts only.',
    });
  }
  return ['error', { paths: dnsPacket ? [] : [DNS_PACKET], patterns }];
}

const boundaries = [
  ...Object.keys(LAYERS).map((layer) => ({ files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': layerRule(layer) } })),
  { files: ['src/packet/dns-packet.ts'], rules: { 'no-restricted-imports': layerRule('packet', { dnsPacket: true }) } },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/api/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...boundaries,
  {
    files: ['src/index.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'The public API lists its exports by name.' }] },
  },
);
