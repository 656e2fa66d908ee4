// The Lambda's log: Powertools Logger (JSON lines with the service name), for 5xx errors and refused credentials.
import { Logger } from '@aws-lambda-powertools/logger';
import type { ErrorLogger } from '../api.js';

const powertools = new Logger({ serviceName: 'users-api' });

export const logger: ErrorLogger = {
  error: (message, details) => powertools.error(message, details),
  info: (message, details) => powertools.info(message, details),
};
