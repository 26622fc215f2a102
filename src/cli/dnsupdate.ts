#!/usr/bin/env node
/**
 * Placeholder for `dnsupdate` (dnsupdate [-y key | -k keyfile] [file]: nsupdate's command language), so that every `bin` entry of the package exists
 * from the start and a user who runs it learns it is not there yet rather than hitting a
 * missing-file error. A later change replaces this file.
 */
export {};

process.stderr.write('dnsupdate: not yet implemented: see README\n');
process.exitCode = 1;
