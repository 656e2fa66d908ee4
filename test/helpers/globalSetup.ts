// Starts one in-memory DynamoDB Local for all test files and hands its endpoint to them.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamoDbLocal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
