// The service's settings, from the environment (twelve-factor style), with defaults for a laptop.
export const port = Number(process.env.PORT ?? 3000);
// Short links are built from configuration, never from the request's Host header, which the caller controls.
export const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
/** Per API key: `burst` requests at once, then `perSecond`. */
export const limit = { burst: Number(process.env.RATE_LIMIT_BURST ?? 20), perSecond: Number(process.env.RATE_LIMIT_PER_SECOND ?? 5) };
