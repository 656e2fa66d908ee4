// The users table (TableV2, on demand) in the shape src/repository/usersTable.ts describes.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { usersTable } from '../../../src/repository/usersTable.js';

export interface UsersTableProps {
  /** Deletion protection and RETAIN on stack delete (prod). */
  readonly protectData: boolean;
}

export class UsersTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, { protectData }: UsersTableProps) {
    super(scope, id);
    const { partitionKey, listIndex, ttlAttribute } = usersTable;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: listIndex.name,
          partitionKey: { name: listIndex.partitionKey, type: AttributeType.STRING },
          sortKey: { name: listIndex.sortKey, type: AttributeType.STRING },
        },
      ],
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Change data for audit and downstream consumers; old and new images so deletes and updates are complete.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: ttlAttribute,
      deletionProtection: protectData,
      removalPolicy: protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
