// `npm start`'s DynamoDB: DynamoDB Local under supervision (unless DYNAMODB_ENDPOINT), and the users table.
// Loaded only when npm start runs on DynamoDB: memory mode never loads the AWS SDK's DynamoDB client here.
import type { Config } from '../../src/config.js';
import { createDynamoClient } from '../../src/repository/dynamoClient.js';
import { isTransientDynamoError } from '../../src/repository/dynamoErrors.js';
import { DependencyError } from '../startupErrors.js';
import { type SupervisedDynamoDb, superviseDynamoDbLocal } from './dynamoDbSupervisor.js';
import { ensureTable } from './ensureTable.js';

/** The users table through the same client (timeouts, deadline) the API uses: a dead endpoint fails in seconds. */
async function prepareTable(config: Config): Promise<string> {
  const client = createDynamoClient(config);
  try {
    return await ensureTable(client, config.tableName);
  } catch (error) {
    if (!isTransientDynamoError(error)) throw error;
    throw new DependencyError(
      `DynamoDB at ${config.dynamoEndpoint} did not answer (${error instanceof Error ? error.name : 'error'}; ` +
        `connect ${config.dynamoConnectTimeoutMs} ms, request ${config.dynamoRequestTimeoutMs} ms, ` +
        `${config.dynamoMaxAttempts} attempts). Check DYNAMODB_ENDPOINT, or unset it to start DynamoDB Local.`,
    );
  } finally {
    client.destroy();
  }
}

/** DynamoDB Local when no endpoint is configured (its data under `dataDir`), then the table: the config to use. */
export async function startDevDynamo(
  config: Config,
  dataDir: string,
): Promise<{ config: Config; dynamo: SupervisedDynamoDb | undefined }> {
  let dynamo: SupervisedDynamoDb | undefined;
  if (config.dynamoEndpoint === undefined) {
    dynamo = await superviseDynamoDbLocal({
      dataDir: `${dataDir}/dynamodb`,
      log: console.log,
      giveUp: (message) => {
        console.error(message);
        process.exit(1);
      },
    });
    config = { ...config, dynamoEndpoint: dynamo.endpoint };
    console.log(`DynamoDB Local on ${dynamo.endpoint} (pid ${dynamo.pid()}, data in ${dataDir}/dynamodb)`);
  }
  console.log(`Table ${config.tableName}: ${await prepareTable(config)}`);
  return { config, dynamo };
}
