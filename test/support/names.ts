/** fast-check arbitraries for domain names in presentation form. */
import fc from 'fast-check';

const PLAIN = 'abcxyzABCXYZ0189-_'.split('');
const OTHER = ['\\', '*', ' ', 'é', '\\.', '\\065', '@'];

/**
 * Names mostly of letters, digits, '-', '_' and dots (labels of 0 to 70 characters, so empty
 * labels, 63/64-octet labels and names around 255 octets all come up), with or without a
 * trailing dot, and now and then a character from outside that alphabet.
 */
export const plainishName: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }).chain((n) => fc.array(fc.constantFrom(...PLAIN), { minLength: n, maxLength: n })) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAIN), { maxLength: 70 }) },
        { weight: 1, arbitrary: fc.array(fc.constantFrom(...PLAIN, ...OTHER), { maxLength: 6 }) },
      ).map((chars) => chars.join('')),
      { maxLength: 9 },
    ),
    fc.boolean(),
  )
  .map(([labels, dot]) => labels.join('.') + (dot ? '.' : ''));
