/**
 * zod, set up once for the host: without JIT. zod probes for `new Function` to compile faster
 * parsers; the host's CSP forbids eval, and the probe would log a violation on every load.
 */
import { z } from "zod";

z.config({ jitless: true });

export { z };
