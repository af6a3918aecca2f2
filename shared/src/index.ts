export * from './version.js';
export * from './roles.js';
export * from './errors.js';
export * from './fields.js';
export * from './views.js';
export * from './commands.js';
export * from './events.js';
export * from './socket.js';
