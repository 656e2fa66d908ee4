// The users table (TableV2, on demand) in the shape src/repository/usersTable.ts describes.
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { usersTable } from '../../../src/repository/usersTable.js';
import { dataRemovalPolicy } from '../retention.js';

export interface UsersTableProps {
  /** Kept on stack delete and backed up (PITR) in prod; disposable in dev. */
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
      // Continuous backups, and a 35-day system backup if the table is ever deleted; a dev stage's test data needs neither.
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pointintimerecovery_beforeyoubegin.html
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: protectData },
      // Change data for audit and downstream consumers; old and new images so deletes and updates are complete.
      dynamoStream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: ttlAttribute,
      // No deletion protection: CloudFormation cannot delete a protected table, so the rollback of a failed first create
      // would fail and leave the stack stuck; RetainExceptOnCreate, stack termination protection and PITR keep prod's.
      removalPolicy: dataRemovalPolicy(protectData),
    });
  }
}
