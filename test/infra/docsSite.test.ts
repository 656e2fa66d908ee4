// The docs the stack publishes: a private bucket behind CloudFront (OAC, HTTPS, security headers), deployed with the
// Redoc page, openapi.json and the changelog built from the same spec, and the URL as a stack output.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCS_CONTENT_SECURITY_POLICY, DOCS_SITE_FILES } from '../../infra/lib/constructs/ApiDocsSite.js';
import {
  type CfnJson,
  only,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedStack,
  stageStack,
  synthStack,
} from '../helpers/synthStack.js';

let dev: SynthesizedStack;
beforeAll(() => {
  dev = stageStack('dev');
}, SYNTH_TIMEOUT_MS);

const siteBucketId = () =>
  Object.keys(resourcesOf(dev.template, 'AWS::S3::Bucket')).find((id) => id.startsWith('DocsSite'));

describe('the published docs site', () => {
  it('keeps the files in a private, encrypted bucket that only this CloudFront distribution may read (OAC)', () => {
    const id = siteBucketId() as string;
    const bucket = resourcesOf(dev.template, 'AWS::S3::Bucket')[id];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
    ).toEqual({
      SSEAlgorithm: 'AES256',
    });
    const policy = Object.values(resourcesOf(dev.template, 'AWS::S3::BucketPolicy')).find(
      (p: CfnJson) => p.Properties.Bucket.Ref === id,
    );
    const statements = policy.Properties.PolicyDocument.Statement as CfnJson[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const read = statements.find((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');
    expect(read).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
    const distributionId = Object.keys(resourcesOf(dev.template, 'AWS::CloudFront::Distribution'))[0];
    expect(JSON.stringify(read.Condition)).toContain(distributionId);
    const oac = only(resourcesOf(dev.template, 'AWS::CloudFront::OriginAccessControl'));
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
  });

  it('serves HTTPS only, index.html at the root, with security headers', () => {
    const { DistributionConfig: config } = only(resourcesOf(dev.template, 'AWS::CloudFront::Distribution')).Properties;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(config.Origins[0].OriginAccessControlId).toBeDefined();
    const { SecurityHeadersConfig: headers } = only(resourcesOf(dev.template, 'AWS::CloudFront::ResponseHeadersPolicy'))
      .Properties.ResponseHeadersPolicyConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000, Override: true });
    expect(headers.ContentSecurityPolicy.ContentSecurityPolicy).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect(headers.ContentSecurityPolicy.ContentSecurityPolicy).toContain("frame-ancestors 'none'");
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('no-referrer');
  });

  it('deploys the Redoc page, openapi.json and the changelog built from the same spec, invalidating the cache', () => {
    const deployment = only(resourcesOf(dev.template, 'Custom::CDKBucketDeployment'));
    expect(deployment.Properties.DestinationBucketName.Ref).toBe(siteBucketId());
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    // The asset CDK staged for the deployment is the folder synth zipped: read it back.
    const assetKey = String(deployment.Properties.SourceObjectKeys[0]).replace(/\.zip$/, '');
    const staged = join((dev.stack.node.root as App).outdir, `asset.${assetKey}`);
    expect(existsSync(staged)).toBe(true);
    for (const file of DOCS_SITE_FILES) expect(existsSync(join(staged, file)), file).toBe(true);
    expect(readFileSync(join(staged, 'openapi.json'), 'utf8')).toBe(readFileSync('generated/openapi.json', 'utf8'));
    expect(readFileSync(join(staged, 'CHANGELOG-API.md'), 'utf8')).toBe(readFileSync('CHANGELOG-API.md', 'utf8'));
    const page = readFileSync(join(staged, 'index.html'), 'utf8');
    const { version } = JSON.parse(readFileSync('generated/openapi.json', 'utf8')).info;
    expect(page).toContain('Users API reference');
    expect(page).toContain(`### ${version} (`); // the changelog, one level down, is the reference's last section
  });

  it('publishes its URL as a stack output', () => {
    dev.template.hasOutput('DocsUrl', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('DocsCdn'), 'DomainName'] }, '/']],
      },
    });
  });

  // A new account may not create CloudFront distributions until AWS has verified it ("Your account must be verified
  // before you can add new CloudFront resources"): the first deploy can leave the site out and add it later.
  it('is left out with docsSite=false, CloudFront and all', () => {
    const without = synthStack('dev', { docsSite: false });
    expect(resourcesOf(without.template, 'AWS::CloudFront::Distribution')).toEqual({});
    expect(Object.keys(without.template.findOutputs('*'))).not.toContain('DocsUrl');
    expect(without.nag.success).toBe(true);
  }, 60_000);
});
