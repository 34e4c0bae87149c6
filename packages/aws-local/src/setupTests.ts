// Every test here talks HTTP to a real endpoint through the AWS SDK. The first call in
// a worker loads and initialises the SDK's client and signer, which on a loaded
// machine (the test command runs suites in parallel) takes longer than Jest's 5 s
// default. The timeout is a hang guard, not a measure of speed.
jest.setTimeout(30_000);
