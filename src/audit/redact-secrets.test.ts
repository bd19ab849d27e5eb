import { describe, expect, it } from 'vitest'

import { REDACTED, redactSecrets } from './redact-secrets.js'

const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAx4Gf1mHgE1x0v6lQ2cN1b5zZlq0e',
  'q3y4j2mN8xK1cV0bZ7w5o3s2u1t0r9q8p7o6n5m4l3k2',
  '-----END RSA PRIVATE KEY-----',
].join('\n')
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'
const GITHUB_TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'

describe('redactSecrets', () => {
  it.each([
    [
      'a PGPASSWORD assignment',
      'PGPASSWORD=hunter2 psql -h db',
      'PGPASSWORD=[redacted] psql -h db',
    ],
    [
      'an AWS secret key assignment',
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws s3 ls',
      'AWS_SECRET_ACCESS_KEY=[redacted] aws s3 ls',
    ],
    [
      'an exported token in double quotes',
      'export GITHUB_TOKEN="abc123"',
      'export GITHUB_TOKEN="[redacted]"',
    ],
    [
      'an API_KEY in single quotes',
      "API_KEY='k-123' ./deploy.sh",
      "API_KEY='[redacted]' ./deploy.sh",
    ],
    [
      'a name that only ends in a secret word',
      'DB_PASSWORD_PROD=x ./migrate',
      'DB_PASSWORD_PROD=[redacted] ./migrate',
    ],
    ['a MYSQL_PWD assignment', 'MYSQL_PWD=x mysql app', 'MYSQL_PWD=[redacted] mysql app'],
    [
      'a conninfo password',
      'psql "host=db password=hunter2 dbname=app"',
      'psql "host=db password=[redacted] dbname=app"',
    ],
    [
      'a literal kubectl secret',
      'kubectl create secret generic db --from-literal=password=hunter2',
      'kubectl create secret generic db --from-literal=password=[redacted]',
    ],
    [
      'a --password flag with a space',
      'psql --password hunter2 -h db',
      'psql --password [redacted] -h db',
    ],
    ['a --password= flag', 'tool --password=hunter2', 'tool --password=[redacted]'],
    ['a --token flag', 'vault login --token s.abcdef', 'vault login --token [redacted]'],
    ['a --secret flag', 'tool --secret "a b c"', 'tool --secret "[redacted]"'],
    ['an --api-key flag', 'tool --api-key=abc', 'tool --api-key=[redacted]'],
    [
      'a --client-secret flag',
      'az login --client-secret abc',
      'az login --client-secret [redacted]',
    ],
    ['a --db-password flag', "deploy --db-password 'p w'", "deploy --db-password '[redacted]'"],
    [
      'a --secret-string flag',
      'aws secretsmanager put-secret-value --secret-id db --secret-string hunter2',
      'aws secretsmanager put-secret-value --secret-id db --secret-string [redacted]',
    ],
    [
      'an openssl -passin',
      'openssl rsa -passin pass:hunter2 -in k.pem',
      'openssl rsa -passin [redacted] -in k.pem',
    ],
    [
      'a flag inside a quoted command',
      'bash -c "psql --password hunter2"',
      'bash -c "psql --password [redacted]"',
    ],
    [
      'URL credentials',
      'psql postgres://app:hunter2@db.prod.internal/app',
      'psql postgres://app:[redacted]@db.prod.internal/app',
    ],
    [
      'URL credentials without a user',
      'redis-cli -u redis://:hunter2@cache',
      'redis-cli -u redis://:[redacted]@cache',
    ],
    [
      'a bearer header',
      "curl -H 'Authorization: Bearer abc.def' https://api",
      "curl -H 'Authorization: Bearer [redacted]' https://api",
    ],
    ['a basic header', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [redacted]'],
    ['a token header', 'authorization: token 0123abcd', 'authorization: token [redacted]'],
    [
      'an api key header',
      'curl -H "X-Api-Key: 123456" https://api',
      'curl -H "X-Api-Key: [redacted]" https://api',
    ],
    [
      'a cookie header',
      "curl -H 'Cookie: session=abc' https://x",
      "curl -H 'Cookie: [redacted]' https://x",
    ],
    ['a bearer token alone', 'Bearer 0123456789abcdefghij', 'Bearer [redacted]'],
    [
      'curl basic credentials',
      'curl -u admin:hunter2 https://x',
      'curl -u admin:[redacted] https://x',
    ],
    [
      'a token in a query',
      'curl "https://x/y?access_token=abc&page=2"',
      'curl "https://x/y?access_token=[redacted]&page=2"',
    ],
    [
      'a SAS signature',
      'https://a.blob.core.windows.net/c?sv=2020&sig=abc%3D',
      'https://a.blob.core.windows.net/c?sv=2020&sig=[redacted]',
    ],
    [
      'an AWS access key id',
      'aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE',
      'aws configure set aws_access_key_id [redacted]',
    ],
    [
      'a GitHub token',
      `echo ${GITHUB_TOKEN} | gh auth login --with-token`,
      'echo [redacted] | gh auth login --with-token',
    ],
    [
      'a GitHub token in a clone URL',
      'git clone https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r',
      'git clone https://x-access-token:[redacted]@github.com/o/r',
    ],
    [
      'a fine-grained GitHub token',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
      '[redacted]',
    ],
    ['a Slack token', 'SLACK=xoxb-1234567890-abcdefghij ./notify', 'SLACK=[redacted] ./notify'],
    ['a JWT', `curl -d 'id_token=${JWT}' https://x`, "curl -d 'id_token=[redacted]' https://x"],
    ['an sk- key', 'llm --model x sk-proj-abcdefghij0123456789', 'llm --model x [redacted]'],
    [
      'a PEM private key',
      `echo '${PEM}' > key.pem`,
      "echo '-----BEGIN RSA PRIVATE KEY-----[redacted]-----END RSA PRIVATE KEY-----' > key.pem",
    ],
    ['a mysql -p password', 'mysql -u root -phunter2 app', 'mysql -u root -p[redacted] app'],
    [
      'a mysqldump -p password',
      'mysqldump -psecret db > db.sql',
      'mysqldump -p[redacted] db > db.sql',
    ],
    [
      'a mariadb -p quoted password',
      "mariadb -h db -p'hunter 2' app",
      "mariadb -h db -p'[redacted]' app",
    ],
    [
      'a password in JSON text',
      'curl -d \'{"user":"bob","password":"hunter2"}\' https://x',
      'curl -d \'{"user":"bob","password":"[redacted]"}\' https://x',
    ],
    [
      'a secret in escaped JSON text',
      '{\\"clientSecret\\": \\"abc\\"}',
      '{\\"clientSecret\\": \\"[redacted]\\"}',
    ],
    [
      'a password in a YAML document',
      'kind: Secret\nstringData:\n  password: hunter2\n  username: app\n',
      'kind: Secret\nstringData:\n  password: [redacted]\n  username: app\n',
    ],
    [
      'a password in a tfvars file',
      'region = "eu"\ndb_password = "hunter2"\n',
      'region = "eu"\ndb_password = "[redacted]"\n',
    ],
    [
      'a secret env entry in a YAML list',
      'env:\n  - name: DB_PASSWORD\n    value: hunter2\n',
      'env:\n  - name: DB_PASSWORD\n    value: [redacted]\n',
    ],
    [
      'an aws configure secret',
      'aws configure set aws_secret_access_key wJalrXUtnFEMI --profile prod',
      'aws configure set aws_secret_access_key [redacted] --profile prod',
    ],
    [
      'an npm auth token',
      'npm config set _authToken abc123',
      'npm config set _authToken [redacted]',
    ],
    [
      'every literal of a kubectl secret',
      'kubectl -n prod create secret generic app --from-literal=user=admin --from-literal=url=pg://x',
      'kubectl -n prod create secret generic app --from-literal=user=[redacted] --from-literal=url=[redacted]',
    ],
    [
      'every field of a vault write',
      'vault kv put -mount=secret app user=admin api=abc',
      'vault kv put -mount=secret app user=[redacted] api=[redacted]',
    ],
    [
      'a gh secret body',
      'gh secret set DEPLOY --body "abc def"',
      'gh secret set DEPLOY --body "[redacted]"',
    ],
  ])('redacts %s', (_case, text, expected) => {
    expect(redactSecrets(text)).toBe(expected)
  })

  it.each([
    ['a commit message that mentions tokens', 'git commit -m "rotate token handling"'],
    ['mkdir -p', 'mkdir -p /srv/app && cd /srv/app'],
    ['mysql prompting for the password', 'mysql -u root -p app'],
    ['a variable reference', 'PGPASSWORD=$DB_PW psql -h db'],
    ['a braced variable reference', 'export GITHUB_TOKEN="${GH_TOKEN}"'],
    ['a command substitution', 'PGPASSWORD=$(vault read -field=pw db) psql'],
    ['a reference to a secret file', 'export TOKEN_FILE=/run/secrets/token'],
    ['a count of tokens', 'llm --max-tokens 4096 max_tokens=4096'],
    ['a secret id', 'aws secretsmanager get-secret-value --secret-id prod/db'],
    ['a password read from stdin', 'docker login --password-stdin -u bob registry'],
    ['a boolean password flag', 'psql --no-password -h db app'],
    ['a URL with a user and no password', 'git clone https://bob@example.com/repo.git'],
    ['an email address', 'git config user.email alice@example.com'],
    ['a secret name', 'kubectl get secret db-credentials -o yaml'],
    ['an echo of a variable', 'echo $GITHUB_TOKEN'],
    ['a sentence about authorization', 'Authorization: handle missing header'],
    ['a short sk- word', 'pip install scikit-learn sk-learn'],
    ['a docker user and group', 'docker run -u 1000:1000 alpine'],
    ['a key path', 'ssh -i ~/.ssh/id_ed25519 -o StrictHostKeyChecking=no host'],
    ['a YAML list without secrets', 'metadata:\n  name: db-password\n  namespace: prod\n'],
    ['a git setting', 'git config --global user.name "Alice Smith"'],
    ['an aws region setting', 'aws configure set region eu-west-1'],
    ['an already redacted text', 'PGPASSWORD=[redacted] psql'],
    ['a short string', 'pass'],
  ])('leaves %s unchanged', (_case, text) => {
    expect(redactSecrets(text)).toBe(text)
  })

  it.each([
    'password',
    'passwd',
    'secret',
    'token',
    'apiKey',
    'api_key',
    'API-KEY',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'privateKey',
    'clientSecret',
    'accessKey',
    'secretAccessKey',
    'accessToken',
    'refresh_token',
    'dbPassword',
    'SecretString',
    'connectionString',
    'GITHUB_TOKEN',
    'PGPASSWORD',
    'credentials',
  ])('redacts the value under the key `%s`', (key) => {
    expect(redactSecrets({ [key]: 'hunter2' })).toEqual({ [key]: REDACTED })
  })

  it.each([
    'tokenCount',
    'maxTokens',
    'max_tokens',
    'secretName',
    'secretRef',
    'secretEnv',
    'passwordPolicy',
    'tokenType',
    'keyId',
    'publicKey',
    'key',
    'pwd',
    'TOKEN_FILE',
    'author',
  ])('keeps the value under the key `%s`', (key) => {
    expect(redactSecrets({ [key]: 'hunter2' })).toEqual({ [key]: 'hunter2' })
  })

  it('redacts a whole object when it sits under a secret key', () => {
    expect(redactSecrets({ credentials: { user: 'bob', pass: 'x' } })).toEqual({
      credentials: REDACTED,
    })
  })

  it('redacts a number when it sits under a secret key', () => {
    expect(redactSecrets({ password: 123456 })).toEqual({ password: REDACTED })
  })

  it('keeps empty, null and boolean values when they sit under a secret key', () => {
    const value = { password: '', token: null, secret: false }
    expect(redactSecrets(value)).toEqual(value)
  })

  it('redacts the value of a name/value pair when the name is a secret', () => {
    expect(
      redactSecrets({
        env: [
          { name: 'DB_PASSWORD', value: 'x' },
          { name: 'PORT', value: '5432' },
        ],
      }),
    ).toEqual({
      env: [
        { name: 'DB_PASSWORD', value: REDACTED },
        { name: 'PORT', value: '5432' },
      ],
    })
  })

  it('redacts secrets in strings at any depth when they are nested in objects and arrays', () => {
    const value = { action: { args: ['--password', 'x'], command: ['PGPASSWORD=x psql'] } }
    expect(redactSecrets(value)).toEqual({
      action: { args: ['--password', 'x'], command: ['PGPASSWORD=[redacted] psql'] },
    })
  })

  it('returns a copy when it redacts nothing', () => {
    const value = { a: { b: [1, 'two'] } }
    const copy = redactSecrets(value)
    expect(copy).toEqual(value)
    expect(copy).not.toBe(value)
    expect(copy.a).not.toBe(value.a)
  })

  it('leaves the input unchanged when it redacts', () => {
    const value = { token: 'abc', nested: { command: 'PGPASSWORD=x psql' } }
    redactSecrets(value)
    expect(value).toEqual({ token: 'abc', nested: { command: 'PGPASSWORD=x psql' } })
  })

  it('keeps a `__proto__` key as data when it copies', () => {
    const value = JSON.parse('{"__proto__":{"token":"x"}}') as Record<string, unknown>
    const copy = redactSecrets(value)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ token: REDACTED })
  })

  it('turns dates into their JSON text when it copies', () => {
    expect(redactSecrets({ at: new Date(0) })).toEqual({ at: '1970-01-01T00:00:00.000Z' })
  })

  it('redacts a string given alone', () => {
    expect(redactSecrets('--token abc')).toBe('--token [redacted]')
  })

  it.each([
    ['many line endings', `token: a${' '.repeat(100_000)}b\n`],
    ['many token starts', 'eyJ-'.repeat(50_000)],
    ['many commands', 'curl mysql '.repeat(20_000)],
    ['a long flag', ` --${'pass'.repeat(50_000)}`],
    ['an unterminated value', `PGPASSWORD="${'a'.repeat(200_000)}`],
  ])('stays fast when a long string has %s', (_case, text) => {
    const started = performance.now()
    redactSecrets(text)
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('redacts a large batch of proposals quickly when most strings hold no secrets', () => {
    const proposal = {
      kind: 'shell',
      command: 'kubectl -n prod rollout restart deploy/api && kubectl get pods -o wide',
      cwd: '/home/agent/repo',
      rationale: 'restart the api after the config change was rolled out',
      effects: Array.from({ length: 20 }, (_, index) => ({ target: `pod/api-${String(index)}` })),
    }
    const started = performance.now()
    for (let index = 0; index < 2000; index += 1) redactSecrets(proposal)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
