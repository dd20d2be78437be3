/// <reference types="vite/client" />
/// <reference path="../sandboxes/env.d.ts" />
