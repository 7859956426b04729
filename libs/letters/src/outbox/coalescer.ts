// The Coalescer moved to @app/common (signups batch with it too); kept here for existing imports.
export { Coalescer } from '@app/common';
