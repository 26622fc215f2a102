// The seed manual's "Example: Updating and querying DNS" (IBM i socket programming), step by
// step with resolvkit: res_ninit, res_nmkupdate, res_findzonecut, res_nisourserver,
// res_nsendsigned, then res_nquerydomain over TCP without the cache. Run it against the test
// zones (scripts/fixture-named.sh), with RESOLV_CONF naming that server:
//
//   bash scripts/fixture-named.sh 5399 &
//   printf 'nameserver 127.0.0.1:5399\n' > /tmp/seed.conf
//   RESOLV_CONF=/tmp/seed.conf node examples/seed-update.mjs
//
// The seed updates mydomain.ibm.com with the key my-long-key; the test zone that takes
// updates is dyn.resolvkit.test, with the hmac-md5 key of fixtures/named/keys.
import { fileURLToPath } from 'node:url';
import {
  findZoneCut,
  hstrerror,
  isOurServer,
  loadConfig,
  readKeyFile,
  Resolver,
  RES_NOCACHE,
  RES_USEVC,
  sendUpdate,
  updateFromRecords,
} from 'resolvkit';

const ZONE = 'dyn.resolvkit.test.';
const HOST = `mypc.${ZONE}`;

// res_ninit: resolv.conf and the environment, read once.
const res = new Resolver({ config: loadConfig() });

// The update records: a zone record, a prerequisite (the name must not exist), two additions.
const updateRecords = [
  { section: 'ns_s_zn', name: ZONE, class: 'IN', type: 'SOA' },
  { section: 'ns_s_pr', name: HOST, class: 'IN', type: 'A', operation: 'ns_r_nxdomain' },
  { section: 'ns_s_ud', name: HOST, class: 'IN', type: 'A', ttl: 10, data: '10.10.10.10', operation: 'ns_uop_add' },
  { section: 'ns_s_ud', name: HOST, class: 'IN', type: 'AAAA', ttl: 10, data: 'fedc:ba98:7654:3210:fedc:ba98:7654:3210', operation: 'ns_uop_add' },
];
// The key and secret that must match the server's allow-update / update-policy.
const [myKey] = await readKeyFile(fileURLToPath(new URL('../fixtures/named/keys/hmac-md5.key', import.meta.url)));

try {
  // res_nmkupdate: the update message from the records.
  const message = updateFromRecords(updateRecords);

  // res_findzonecut: the zone, its primary and the primary's addresses (the configured port).
  const cut = await findZoneCut('mypc.dyn.resolvkit.test', { resolver: res });
  console.log(`zone ${cut.zone}, primary ${cut.primary}, send to ${cut.servers.map((s) => `${s.address}#${s.port}`).join(', ')}`);

  // res_nisourserver: is the primary one of our regular name servers?
  console.log(`is our server: ${isOurServer(cut.servers[0], res.config)}`);

  // res_nsendsigned: the update, TSIG-signed, to that server; the reply's TSIG is verified.
  const result = await sendUpdate(message, { servers: [cut.servers[0]], key: myKey, resolver: res });
  console.log(`update: ${result.rcode}, reply signed by ${result.tsig.key.name}`);
} catch (err) {
  // A refused update: the name already exists on a second run (prerequisite failed: EYXDOMAIN).
  console.log(`update failed: ${err.code} (${err.message})`);
}

// Now verify that the update worked: over TCP, not from the cache (RES_USEVC | RES_NOCACHE).
try {
  const reply = await res.querydomain('mypc', ZONE, 'A', { flags: RES_USEVC | RES_NOCACHE });
  console.log(`mypc.${ZONE} A ${reply.answers.map((a) => a.data).join(' ')} (over ${reply.transport})`);
} catch (err) {
  console.log(`query domain failed. code: ${err.code}\nh_errno: ${err.herrno}: ${hstrerror(err.herrno)}`);
}
res.close();
