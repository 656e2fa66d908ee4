// The stage's published API reference: a private S3 bucket served only through CloudFront, over HTTPS.
// It holds the Redoc page, openapi.json and CHANGELOG-API.md; CloudFront reaches it by origin access control and adds
// security headers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { bucketRemoval } from '../retention.js';

/** The files the site serves, all built by `npm run docs` into one folder. */
export const DOCS_SITE_FILES = ['index.html', 'openapi.json', 'CHANGELOG-API.md'] as const;

/**
 * What the self-contained Redoc page needs and nothing more: its inline scripts and styles, data: images and fonts,
 * and openapi.json from the same origin. No eval: Redoc's search probes Function() for a worker and, refused, indexes
 * in the page (test/e2e/browser/docsSite.test.ts). No framing, no forms, no other origin.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface ApiDocsSiteProps {
  /** Folder holding DOCS_SITE_FILES (generated/docs after `npm run docs`). */
  readonly siteDir: string;
  /** Log every read of the site and keep the log when the stack is deleted (prod). */
  readonly protectData: boolean;
}

export class ApiDocsSite extends Construct {
  readonly bucket: Bucket;
  /** The site bucket's access logs, in a stage that protects its data. */
  readonly accessLogs: Bucket | undefined;
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net/` */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiDocsSiteProps) {
    super(scope, id);
    // Access logs delivered by bucket policy, not by the legacy LogDeliveryWrite ACL (CDK's feature flag, set here).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const missing = DOCS_SITE_FILES.filter((f) => !existsSync(join(props.siteDir, f)));
    if (missing.length > 0) throw new Error(`${props.siteDir} lacks ${missing.join(', ')}: run \`npm run docs\``);
    // The site bucket's access logs: every object CloudFront reads from it (prod).
    this.accessLogs = props.protectData
      ? new Bucket(this, 'Logs', {
          blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
          encryption: BucketEncryption.S3_MANAGED,
          enforceSSL: true,
          objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
          lifecycleRules: [{ expiration: Duration.days(90) }],
          ...bucketRemoval(true),
        })
      : undefined;
    // The files are built from the commit by every deploy: nothing in this bucket is data, so it goes with the stack.
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      ...(this.accessLogs === undefined
        ? {}
        : { serverAccessLogsBucket: this.accessLogs, serverAccessLogsPrefix: 'site/' }),
      ...bucketRemoval(false),
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Users API docs: HSTS, CSP for the Redoc page, no framing or sniffing.',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Users API reference, openapi.json and changelog',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;

    // Each deploy replaces the files and invalidates the cache, so the stage shows the contract it runs.
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.siteDir, { exclude: ['*', ...DOCS_SITE_FILES.map((f) => `!${f}`)] })],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      prune: true,
      memoryLimit: 256,
    });

    // CDK's BucketDeployment handler (a singleton per stack) copies the staged asset into the site bucket.
    const stack = Stack.of(this);
    const named = (token: string, pseudo: string) => (Token.isUnresolved(token) ? `<AWS::${pseudo}>` : token);
    const assets = `cdk-hnb659fds-assets-${named(stack.account, 'AccountId')}-${named(stack.region, 'Region')}`;
    const site = stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(deployment.handlerRole).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's deployment handler uses the AWS-maintained AWSLambdaBasicExecutionRole, which only grants writing its own logs.",
      },
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::arn:<AWS::Partition>:s3:::${assets}/*`,
        `Resource::<${site}.Arn>/*`,
        'Resource::*',
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'CDK grants its deployment handler these wildcards to copy the staged asset into the site bucket and prune it (CloudFront invalidation has no resource-level permission).',
      })),
    );
    Validations.of(deployment.handlerRole.node.scope as Construct).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "The deployment handler's runtime is chosen by aws-cdk-lib and moves with it; it runs only during deploys.",
    });
    if (this.accessLogs === undefined) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'A stage that does not protect its data (dev) serves the public reference only: no access log to keep of it.',
      });
    } else {
      Validations.of(this.accessLogs).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This is the access-log bucket of the docs site bucket; logging it into itself would loop.',
      });
    }
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The docs are public reading for every consumer of the API; the API itself has the WAF geo block.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'A static, read-only page with no input: a WAF (a us-east-1 web ACL per stage) would guard nothing the private bucket and OAC do not.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Static public reading: origin reads are in the site bucket access logs, and CloudFront standard logs would need ACLs on a bucket.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain, so the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; viewers are redirected to HTTPS.',
      },
    );
  }
}
