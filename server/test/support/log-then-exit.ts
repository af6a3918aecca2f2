// A process that logs through Circle's default destination and exits at once: the line must
// not be lost in the buffer (see logDestination in src/log.ts).
import { createLogger } from '../../src/log.js';

createLogger('info').info({ audit: true, command: 'session:end' }, 'last line before exit');
process.exit(0);
