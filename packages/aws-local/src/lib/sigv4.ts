/** What a SigV4-signed request says about its caller. */
export interface SignedScope {
  accessKeyId: string;
  region: string;
  /** The signing name of the service (`sts`, `eks`, `ec2`, `rds`, `secretsmanager`). */
  service: string;
}

const CREDENTIAL =
  /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

/**
 * Reads the access key id and credential scope from a SigV4 `Authorization`
 * header (or a presigned URL's `X-Amz-Credential`). Signatures are not checked:
 * this endpoint holds no secrets to check them against.
 */
export function parseSigV4(
  authorization: string | undefined,
  query?: URLSearchParams,
): SignedScope | undefined {
  let match = authorization ? CREDENTIAL.exec(authorization) : null;
  const presigned = query?.get('X-Amz-Credential');
  if (!match && presigned) {
    match = CREDENTIAL.exec(`Credential=${presigned}`);
  }
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[2], service: match[3] };
}
