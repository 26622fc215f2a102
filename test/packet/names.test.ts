import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketError } from '../../src/errors.js';
import { canonicalName, hasTrailingDot, isAtOrBelow, withoutTrailingDot, isValidName, nameToWire, nameWireLength, NOT_PLAIN, parentName, plainNameWireLength, presentationName, readName } from '../../src/packet/names.js';
import { plainishName } from '../support/names.js';

const wire = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
/** A message body: a 12-octet header of zeros, then `hex`; so offsets past 12 are legal pointer targets. */
const inMessage = (hex: string) => Buffer.concat([Buffer.alloc(12), wire(hex)]);

describe('names to wire', () => {
  it('encodes plain names, with or without the trailing dot, and the root', () => {
    expect(nameToWire('www.example.com').toString('hex')).toBe('03777777076578616d706c6503636f6d00');
    expect(nameToWire('www.example.com.')).toEqual(nameToWire('www.example.com'));
    expect(nameToWire('.').toString('hex')).toBe('00');
    expect(nameToWire('').toString('hex')).toBe('00');
  });

  it('honours RFC 1035 escapes: \\. inside a label, \\DDD, and \\X', () => {
    expect(nameToWire('a\\.b.c').toString('hex')).toBe('03612e620163' + '00');
    expect(nameToWire('\\065bc').toString('hex')).toBe('03416263' + '00');
    expect(nameToWire('a\\\\b').toString('hex')).toBe('03615c62' + '00');
    expect(nameToWire('a\\ b').toString('hex')).toBe('03612062' + '00');
    expect(nameToWire('\\000').toString('hex')).toBe('0100' + '00');
  });

  it('writes non-ASCII text as its UTF-8 octets', () => {
    expect(nameToWire('é.test').toString('hex')).toBe('02c3a9' + '0474657374' + '00');
  });

  it.each([
    ['a..b', /empty label/],
    ['.a', /empty label/],
    ['a.b..', /empty label/],
    ['x'.repeat(64) + '.test', /label longer than 63/],
    ['a\\', /lone backslash/],
    ['a\\25', /three digits/],
    ['a\\256', /over 255/],
  ])('refuses %j', (name, reason) => {
    expect(() => nameToWire(name)).toThrow(PacketError);
    expect(() => nameToWire(name)).toThrow(reason);
    expect(isValidName(name)).toBe(false);
  });

  it('allows exactly 63-octet labels and 255-octet names, and no more', () => {
    expect(nameWireLength('x'.repeat(63) + '.test')).toBe(1 + 63 + 5 + 1);
    const label63 = 'x'.repeat(63);
    const name255 = [label63, label63, label63, 'x'.repeat(61)].join('.'); // 64*3 + 62 + 1 = 255
    expect(nameWireLength(name255)).toBe(255);
    expect(nameWireLength(name255 + '.')).toBe(255);
    expect(() => nameToWire(name255 + 'x')).toThrow(/longer than 255/);
    expect(() => nameToWire('a.'.repeat(200))).toThrow(/longer than 255/);
  });
});

describe('plainNameWireLength: the text-only reading of a plain name', () => {
  it('agrees with writeName on every name of letters, digits, "-", "_" and dots; for any other, NOT_PLAIN or writeName\'s refusal', () => {
    fc.assert(
      fc.property(plainishName, (name) => {
        let viaWire: number;
        try {
          viaWire = nameWireLength(name);
        } catch {
          viaWire = -1;
        }
        const plain = plainNameWireLength(name);
        // A refusal met before the first other character is writeName's too (it reads the same prefix).
        if (/[^A-Za-z0-9_.-]/.test(name)) expect(plain === NOT_PLAIN || (plain === -1 && viaWire === -1)).toBe(true);
        else expect(plain).toBe(viaWire);
        expect(isValidName(name)).toBe(viaWire > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('at the edges: the root, empty labels, 63 and 64 octets, 255 and 256', () => {
    const l63 = 'a'.repeat(63);
    const n255 = [l63, l63, l63, 'a'.repeat(61)].join('.'); // 4 x (1 + label) + root = 255
    expect([plainNameWireLength(''), plainNameWireLength('.'), plainNameWireLength('..'), plainNameWireLength('.a'), plainNameWireLength('a..b')]).toEqual([1, 1, -1, -1, -1]);
    expect([plainNameWireLength(l63), plainNameWireLength(`${l63}a`), plainNameWireLength(`${l63}.`)]).toEqual([65, -1, 65]);
    expect([plainNameWireLength(n255), plainNameWireLength(`${n255}.`), plainNameWireLength(`${n255}a`)]).toEqual([255, 255, -1]);
    expect([plainNameWireLength('a\\.b'), plainNameWireLength('*.a'), plainNameWireLength('é')]).toEqual([NOT_PLAIN, NOT_PLAIN, NOT_PLAIN]);
    expect(isValidName(null as unknown as string)).toBe(false);
  });
});

describe('names from wire', () => {
  it('reads a name and reports where it ends', () => {
    const buf = inMessage('03777777076578616d706c6503636f6d00 ff');
    expect(readName(buf, 12)).toEqual({ name: 'www.example.com', end: 29 });
  });

  it('follows a backward compression pointer and ends after the pointer', () => {
    // 12: example.com ; 25: www + pointer to 12
    const buf = inMessage('076578616d706c6503636f6d00 03777777 c00c');
    expect(readName(buf, 25)).toEqual({ name: 'www.example.com', end: 31 });
  });

  it('escapes octets that presentation form cannot show plainly', () => {
    const buf = inMessage('03612e62 03412042 02c3a9 015c 00');
    expect(readName(buf, 12).name).toBe('a\\.b.A\\032B.\\195\\169.\\\\');
  });

  it('round-trips escaped names', () => {
    for (const name of ['a\\.b.c', '\\000\\255.x', 'a\\"b\\(c\\)\\;\\@\\$', 'UPPER.lower']) {
      const buf = Buffer.concat([Buffer.alloc(12), nameToWire(name)]);
      expect(readName(buf, 12).name).toBe(name);
    }
  });

  it('reads the root as "."', () => {
    expect(readName(inMessage('00'), 12)).toEqual({ name: '.', end: 13 });
  });

  it.each([
    ['a pointer to itself', '03777777 c00f', 12, /does not point backwards/],
    ['a forward pointer', 'c00e 0161 00', 12, /does not point backwards/],
    ['a pointer loop through two names', '0161c010 0162c00c', 16, /does not point backwards/],
    ['a pointer into the header', 'c002', 12, /into the header/],
    ['a label past the end', '05616263', 12, /past the end/],
    ['no terminating root label', '03616263', 12, /past the end/],
    ['a cut pointer', 'c0', 12, /past the end/],
    ['an extended label type', '41616263 00', 12, /label type/],
  ])('refuses %s', (_what, hex, offset, reason) => {
    expect(() => readName(inMessage(hex), offset)).toThrow(PacketError);
    expect(() => readName(inMessage(hex), offset)).toThrow(reason);
  });

  it('refuses a name over 255 octets, even when pointers build it', () => {
    // Four 63-octet labels = 256 octets with the root: one too many.
    const label = '3f' + '78'.repeat(63);
    expect(() => readName(inMessage(label.repeat(4) + '00'), 12)).toThrow(/longer than 255/);
    // The same built by chaining: 12: L L 00 ; then L L + pointer to 12.
    const buf = inMessage(label + label + '00' + label + label + 'c00c');
    expect(() => readName(buf, 12 + 129)).toThrow(/longer than 255/);
  });
});

describe('presentationName', () => {
  it('spells a name as the decoder will write it', () => {
    expect(presentationName('a b.test')).toBe('a\\032b.test');
    expect(presentationName('\\065bc.Test.')).toBe('Abc.Test');
    expect(presentationName('')).toBe('.');
  });
});

describe('canonicalName', () => {
  it('lower-cases and drops one trailing dot, but not an escaped one', () => {
    expect(canonicalName('WWW.Example.COM.')).toBe('www.example.com');
    expect(canonicalName('a\\.')).toBe('a\\.');
    // Label `a\` then the root: the dot is not escaped (the backslash before it is), so it goes.
    expect(canonicalName('a\\\\.')).toBe('a\\\\');
    expect(canonicalName('A\\\\\\.')).toBe('a\\\\\\.');
    expect(canonicalName('.')).toBe('.');
    expect(canonicalName('')).toBe('.');
    // RFC 4343: only ASCII letters fold; É and é are different octets on the wire.
    expect(canonicalName('É.Test')).toBe('É.test');
  });
});

describe('parentName', () => {
  it('drops the first label, an escaped dot staying inside it; the root has no parent', () => {
    expect(['a.b.example', 'a\\.b.example', 'example', 'example.', '.', ''].map(parentName)).toEqual(['b.example', 'example', '.', '.', undefined, undefined]);
  });
});

describe('isAtOrBelow', () => {
  it('compares label by label, ASCII case folded, with an escaped dot inside its label', () => {
    expect(isAtOrBelow('a.zone.test', 'zone.test')).toBe(true);
    expect(isAtOrBelow('Zone.TEST.', 'zone.test')).toBe(true);
    expect(isAtOrBelow('a.b.zone.test', 'ZONE.test.')).toBe(true);
    expect(isAtOrBelow('anything.test', '.')).toBe(true);
    expect(isAtOrBelow('xzone.test', 'zone.test')).toBe(false);
    expect(isAtOrBelow('a\\.zone', 'zone')).toBe(false); // one label "a.zone", at the root
    expect(isAtOrBelow('a\\\\.zone', 'zone')).toBe(true); // "a\\" then "zone"
    expect(isAtOrBelow('zone.test', 'a.zone.test')).toBe(false);
    expect(isAtOrBelow('\\065.zone', 'zone')).toBe(true);
    expect(isAtOrBelow('x.\\090one', 'zone')).toBe(true); // \090 is 'Z'
  });

  it('throws PacketError for a name that cannot be encoded', () => {
    expect(() => isAtOrBelow('a..zone', 'zone')).toThrow(PacketError);
  });
});

describe('the trailing-dot rule', () => {
  it.each([
    ['a.', true],
    ['a', false],
    ['a\\.', false],
    ['a\\\\.', true],
    ['a\\\\\\.', false],
    ['.', true],
    ['', false],
  ])('%j ends absolute: %s', (name, absolute) => {
    expect(hasTrailingDot(name)).toBe(absolute);
    expect(withoutTrailingDot(name)).toBe(absolute && name !== '.' ? name.slice(0, -1) : name);
  });
});
