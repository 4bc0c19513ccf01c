// Runs in the browser before any of Berth's client code (Next.js loads it ahead of hydration).
// zod compiles fast object parsers with `new Function`, and probes for that when it builds its
// first object schema; Berth's Content-Security-Policy has no 'unsafe-eval', so the browser
// refuses the probe and reports it as a violation even though zod catches the error. jitless
// skips both the probe and the compiled parsers (the forms' inputs are small).
import { z } from 'zod';

z.config({ jitless: true });
