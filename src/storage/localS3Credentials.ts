// The key pair of the local S3 (s3rver's only account): requests signed with it are accepted, any other refused.
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
