export async function register() {
  // The literal NEXT_RUNTIME test lets the bundler drop the Node-only start-up from the edge
  // bundle; it is the one process.env read outside lib/env.ts.
  if (process.env.NEXT_RUNTIME === 'nodejs') await (await import('@/lib/startup')).startup();
}
