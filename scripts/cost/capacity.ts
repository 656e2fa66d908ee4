// DynamoDB request units: the documented arithmetic, and a client middleware that reads what each call consumed.
// The middleware is what `npm run cost` installs on the API's own DynamoDB client, so the figures are the real calls'.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * On-demand request units per request, from the item size:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * "one write request unit for each write (up to 1 KB)", "one read request unit for a strongly consistent read
 * (up to 4 KB)", "half for an eventually consistent read", and "transactional ... two" of each.
 */
export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;

export interface Access {
  /** Strongly consistent reads are billed whole units; eventually consistent ones half. */
  readonly consistent?: boolean;
  /** A write or read inside TransactWriteItems / TransactGetItems costs twice. */
  readonly transactional?: boolean;
}

/** Write units of one item of `bytes` written (put, update or delete: the larger of before and after). */
export function writeUnits(bytes: number, { transactional = false }: Access = {}): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (transactional ? 2 : 1);
}

/** Read units of one item of `bytes` read (GetItem), or of the summed sizes of the items a Query reads. */
export function readUnits(bytes: number, { consistent = true, transactional = false }: Access = {}): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return transactional ? units * 2 : consistent ? units : units / 2;
}

/**
 * The size DynamoDB bills for an item of string, number and boolean attributes: each name's and string value's UTF-8
 * bytes, a number's significant digits / 2 + 1, a boolean 1 byte.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemBytes(item: Readonly<Record<string, string | number | boolean>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (typeof value === 'boolean') bytes += 1;
    else bytes += Math.ceil(String(Math.abs(value)).replace('.', '').replace(/^0+/, '').length / 2) + 1;
  }
  return bytes;
}

export interface Consumed {
  readUnits: number;
  writeUnits: number;
  /** Calls that returned their consumed capacity. */
  calls: number;
  /**
   * Conditional writes DynamoDB refused: billed (a write unit per KB) but reported with no consumed capacity, so
   * not in the units above.
   */
  refusedWrites: number;
}

const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

const REFUSED = new Set(['ConditionalCheckFailedException', 'TransactionCanceledException']);

interface CapacityEntry {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Counts the units of every call made through the clients it is installed on, table and indexes together. */
export function capacityMeter() {
  let totals: Consumed = { readUnits: 0, writeUnits: 0, calls: 0, refusedWrites: 0 };
  const add = (command: string, entry: CapacityEntry) => {
    const read = entry.ReadCapacityUnits ?? (READS.has(command) ? (entry.CapacityUnits ?? 0) : 0);
    const write = entry.WriteCapacityUnits ?? (WRITES.has(command) ? (entry.CapacityUnits ?? 0) : 0);
    totals = { ...totals, readUnits: totals.readUnits + read, writeUnits: totals.writeUnits + write };
  };
  return {
    /** Asks each call for its consumed capacity (TOTAL: table plus indexes) and counts it; returns the client. */
    install<C extends DynamoDBClient>(client: C): C {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const command = String(context.commandName);
          if (!READS.has(command) && !WRITES.has(command)) return next(args);
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
          try {
            const result = await next(args);
            const consumed = (result.output as { ConsumedCapacity?: CapacityEntry | CapacityEntry[] }).ConsumedCapacity;
            for (const entry of [consumed ?? []].flat()) add(command, entry);
            totals = { ...totals, calls: totals.calls + 1 };
            return result;
          } catch (error) {
            if (error instanceof Error && REFUSED.has(error.name)) {
              totals = { ...totals, refusedWrites: totals.refusedWrites + 1 };
            }
            throw error;
          }
        },
        { step: 'initialize', name: 'usersApiCapacityMeter' },
      );
      return client;
    },
    /** What was consumed since the last call of take(), and starts counting again. */
    take(): Consumed {
      const taken = totals;
      totals = { readUnits: 0, writeUnits: 0, calls: 0, refusedWrites: 0 };
      return taken;
    },
  };
}
