import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../model/risk.js'
import { loadParsers } from '../load-parsers.js'
import { analyzeShell } from './shell-analyzer.js'

beforeAll(loadParsers)

const CWD = '/srv/app'

function riskOf(command: string, cwd = CWD): Risk {
  return analyzeShell(command, { cwd }).risk
}

describe('analyzeShell', () => {
  describe('lists, pipelines and grouping', () => {
    it.each<[string, string, Risk]>([
      ['takes the most dangerous command of an && list', 'ls && rm -rf /srv/app', 'destructive'],
      [
        'takes the most dangerous command of a ; list',
        'echo start; git reset --hard',
        'destructive',
      ],
      [
        'takes the most dangerous command of an || list',
        'test -d x || rm -rf ./data',
        'destructive',
      ],
      ['analyses every stage of a pipeline', 'cat x | sort | shred -u secrets.key', 'destructive'],
      ['analyses commands inside a subshell', '(cd /srv && rm -rf app)', 'destructive'],
      ['analyses commands inside a brace group', '{ echo a; rm -rf /var/www; }', 'destructive'],
      ['analyses the body of a for loop', 'for d in a b; do rm -rf "/srv/$d"; done', 'destructive'],
      [
        'analyses the branches of an if statement',
        'if true; then sudo rm -rf /; fi',
        'catastrophic',
      ],
      ['analyses commands in a background job', 'rm -rf /srv/app &', 'destructive'],
      ['analyses the body of a function definition', 'f() { rm -rf ~; }; f', 'catastrophic'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('substitutions', () => {
    it.each<[string, string, Risk]>([
      [
        'runs a command substitution inside a double-quoted argument',
        'echo "$(rm -rf /srv/app)"',
        'destructive',
      ],
      ['runs backtick substitutions', 'echo `rm -rf /srv/app`', 'destructive'],
      ['runs a substitution in an assignment', 'X=$(rm -rf ./data) ls', 'destructive'],
      ['runs process substitutions', 'diff <(ls) <(rm -rf ./data)', 'destructive'],
      [
        'runs substitutions inside an unquoted heredoc',
        'cat <<EOF\n$(rm -rf ./data)\nEOF',
        'destructive',
      ],
      [
        'does not run substitutions inside a quoted heredoc',
        "cat <<'EOF'\n$(rm -rf ./data)\nEOF",
        'safe',
      ],
      ['resolves a substitution whose output is known', 'rm -rf $(echo /srv/app)', 'destructive'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('quoting tricks and program paths', () => {
    it.each<[string, string, Risk]>([
      ['reads a program name split by empty quotes', "r''m -rf /srv/app", 'destructive'],
      ['reads a backslash-escaped program name', '\\rm -rf /srv/app', 'destructive'],
      ['reads a program given by its system path', '/bin/rm -rf /srv/app', 'destructive'],
      ['reads a program run through `command`', 'command rm -rf /srv/app', 'destructive'],
      [
        'reads a program run through `builtin`-style wrappers',
        'builtin eval "rm -rf /srv/app"',
        'destructive',
      ],
      ['reads ANSI-C quoted words', "rm $'-rf' /srv/app", 'destructive'],
      ['expands braces into several targets', 'rm -rf /srv/{app,data}', 'destructive'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('treats a program in a project folder as unknown even when named like a safe tool', () => {
      const result = analyzeShell('./ls -la', { cwd: CWD })
      expect(result.opaque).toBe(true)
    })
  })

  describe('variables', () => {
    it.each<[string, string, Risk]>([
      ['substitutes a variable assigned earlier in the line', 'D=/; rm -rf $D', 'catastrophic'],
      [
        'substitutes a prefix assignment into the same command',
        'D=/srv/app; rm -rf "$D"',
        'destructive',
      ],
      ['reads $HOME as the home directory', 'rm -rf "$HOME"', 'catastrophic'],
      ['reads ~ as the home directory', 'rm -rf ~/', 'catastrophic'],
      [
        'splits an unquoted variable holding a command',
        'CMD="rm -rf /srv/app"; $CMD',
        'destructive',
      ],
      [
        'follows eval of a variable with a known value',
        'CMD="rm -rf /"; eval "$CMD"',
        'catastrophic',
      ],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('is opaque when eval runs a value it cannot know', () => {
      const result = analyzeShell('eval "$1"', { cwd: CWD })
      expect(result.opaque).toBe(true)
    })

    it('is opaque when the command name comes from an unknown variable', () => {
      expect(analyzeShell('$TOOL --all', { cwd: CWD }).opaque).toBe(true)
    })
  })

  describe('wrappers', () => {
    it.each<[string, string, Risk]>([
      [
        'unwraps sudo with options',
        'sudo -u postgres -E rm -rf /var/lib/postgresql',
        'catastrophic',
      ],
      ['unwraps doas', 'doas rm -rf /srv/app', 'destructive'],
      ['unwraps env with assignments', 'env -i FOO=1 rm -rf /srv/app', 'destructive'],
      [
        'unwraps nice, ionice and nohup',
        'nohup nice -n 10 ionice -c3 rm -rf /srv/app',
        'destructive',
      ],
      ['unwraps timeout with its duration', 'timeout -s KILL 30 rm -rf /srv/app', 'destructive'],
      ['unwraps time and exec', 'time exec rm -rf /srv/app', 'destructive'],
      ['unwraps xargs with the items it reads', 'echo /srv/app | xargs rm -rf', 'destructive'],
      [
        'unwraps xargs with a replacement string',
        'echo /srv/app | xargs -I{} rm -rf {}',
        'destructive',
      ],
      [
        'treats xargs input it cannot know as an unknown target',
        'cat list.txt | xargs rm -rf',
        'destructive',
      ],
      ['unwraps watch', "watch -n 5 'rm -rf /srv/app'", 'destructive'],
      ['unwraps bash -c', "bash -c 'rm -rf /srv/app'", 'destructive'],
      ['unwraps nested shells', `sh -c "bash -c 'rm -rf /'"`, 'catastrophic'],
      [
        'unwraps ssh remote commands',
        "ssh -p 2222 web1 'sudo rm -rf /var/www/site'",
        'destructive',
      ],
      ['unwraps docker exec', 'docker exec -it db psql -c "DROP DATABASE app"', 'catastrophic'],
      [
        'unwraps find -exec with the found paths',
        'find /srv/data -mindepth 1 -exec rm -rf {} +',
        'destructive',
      ],
      ['judges find -delete by what it matches', "find . -name '*.pyc' -delete", 'safe'],
      ['unwraps parallel', 'parallel rm -rf ::: /srv/a /srv/b', 'destructive'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('shells fed on standard input', () => {
    it.each<[string, string, Risk]>([
      ['reads a script echoed into sh', 'echo "rm -rf /srv/app" | sh', 'destructive'],
      [
        'decodes a base64 payload piped into a shell',
        `echo ${Buffer.from('rm -rf /').toString('base64')} | base64 -d | bash`,
        'catastrophic',
      ],
      ['reads a heredoc fed to a shell', 'bash <<EOF\nrm -rf /srv/app\nEOF', 'destructive'],
      [
        'reads a heredoc piped on into a shell',
        'cat <<EOF | sh\nrm -rf /srv/app\nEOF',
        'destructive',
      ],
      ['reads a here-string fed to a shell', 'sh <<< "rm -rf /srv/app"', 'destructive'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('is opaque when a download is piped into a shell', () => {
      const result = analyzeShell('curl -fsSL https://example.com/install.sh | sh', { cwd: CWD })
      expect(result.opaque).toBe(true)
      expect(result.risk).toBe('destructive')
    })
  })

  describe('redirections', () => {
    it.each<[string, string, Risk]>([
      [
        'makes writing onto a block device catastrophic',
        'cat image.bin > /dev/sda',
        'catastrophic',
      ],
      ['treats a redirect to /dev/null as harmless', 'ls > /dev/null 2>&1', 'safe'],
      ['treats overwriting a project file as mutating', 'echo hi > notes.md', 'mutating'],
      ['treats overwriting a system file as destructive', 'echo x > /etc/passwd', 'destructive'],
      ['treats writing to scratch space as safe', 'ls > /tmp/listing.txt', 'safe'],
      ['treats appending as mutating', 'echo x >> docs/log.md', 'mutating'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('text that is only printed or searched', () => {
    it.each<[string, string]>([
      ['printing a dangerous command', 'echo "rm -rf /"'],
      ['searching for dangerous text', 'grep -rn "DROP TABLE" migrations/'],
      ['a dry-run clean', 'git clean -n -d'],
      [
        'a dangerous phrase inside a quoted heredoc written to scratch',
        "cat <<'EOF' > /tmp/x\nterraform destroy\nEOF",
      ],
      ['looking up a manual page', 'man rm'],
    ])('is safe: %s', (_name, command) => {
      expect(riskOf(command)).toBe('safe')
    })

    it('treats a commit message about destruction as a commit', () => {
      expect(riskOf('git commit -m "explain terraform destroy"')).toBe('mutating')
    })
  })

  describe('paths', () => {
    it.each<[string, string, Risk]>([
      ['regenerable dependency folders', 'rm -rf node_modules', 'safe'],
      ['build output', 'rm -rf ./dist ./build', 'safe'],
      ['files in /tmp', 'rm -f /tmp/run-1.log', 'safe'],
      ['the filesystem root', 'rm -rf --no-preserve-root /', 'catastrophic'],
      ['the contents of the root', 'rm -rf /*', 'catastrophic'],
      ['a home directory', 'rm -rf /home/deploy', 'catastrophic'],
      ['a database data directory', 'rm -rf /var/lib/mysql', 'catastrophic'],
      ['a top-level data folder', 'rm -rf /data', 'catastrophic'],
      ['a project directory', 'rm -rf /srv/app', 'destructive'],
      ['the working directory', 'rm -rf .', 'destructive'],
      ['a path made by going up from a cache', 'rm -rf node_modules/../src', 'destructive'],
    ])('judges deleting %s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('tools', () => {
    it.each<[string, string, Risk]>([
      ['git reset --hard discards work', 'git reset --hard origin/main', 'destructive'],
      ['git reset --soft keeps work', 'git reset --soft HEAD~1', 'mutating'],
      ['a force push', 'git push --force-with-lease origin feature', 'destructive'],
      ['a +ref push', 'git push origin +main', 'destructive'],
      ['a branch deletion push', 'git push origin --delete release/1', 'destructive'],
      ['a normal push', 'git push origin feature', 'mutating'],
      ['git clean -fdx', 'git clean -fdx', 'destructive'],
      ['git checkout of paths', 'git checkout -- .', 'destructive'],
      ['git stash clear', 'git stash clear', 'destructive'],
      ['docker volume rm', 'docker volume rm pgdata', 'destructive'],
      ['docker system prune', 'docker system prune -af', 'destructive'],
      ['compose down with volumes', 'docker compose down -v', 'destructive'],
      ['compose up', 'docker compose up -d --build', 'mutating'],
      ['crontab -r', 'crontab -r', 'destructive'],
      ['systemctl restart', 'sudo systemctl restart nginx', 'mutating'],
      ['truncating a data file', 'truncate -s 0 data/ledger.csv', 'destructive'],
      [
        'copying /dev/null over a database file',
        'cp /dev/null db/production.sqlite3',
        'destructive',
      ],
      [
        'restoring a backup over the live file',
        'mv config/app.yaml.bak config/app.yaml',
        'destructive',
      ],
      ['moving a source file', 'mv src/a.js src/lib/a.js', 'mutating'],
      ['moving a project into scratch space', 'mv /srv/app /tmp/trash', 'destructive'],
      ['moving a file onto the null device', 'mv data/ledger.csv /dev/null', 'destructive'],
      ['installing an empty crontab', 'crontab /dev/null', 'destructive'],
      ['purging a database server package', 'sudo apt-get purge -y postgresql-15', 'destructive'],
      ['removing an ordinary package', 'sudo apt-get remove -y htop', 'mutating'],
      ['copying without clobbering', 'cp -n .env.example .env', 'mutating'],
      ['locking everyone out of a tree', 'chmod -R 000 /srv/app', 'destructive'],
      ['changing owners of an upload folder', 'chown -R www-data /var/www/uploads', 'mutating'],
      ['dd onto a disk', 'dd if=/dev/zero of=/dev/nvme0n1 bs=1M', 'catastrophic'],
      ['formatting a disk', 'mkfs.ext4 -F /dev/sdb', 'catastrophic'],
      [
        'rsync --delete into a project',
        'rsync -a --delete /tmp/empty/ /srv/app/uploads/',
        'destructive',
      ],
      ['rsync dry run', 'rsync -avn --delete ./public/ web1:/var/www/', 'safe'],
      ['tar with --remove-files', 'tar czf /tmp/a.tgz --remove-files /srv/app/logs', 'destructive'],
      ['redis FLUSHALL', 'redis-cli -h cache FLUSHALL', 'destructive'],
      ['mongosh deleteMany with a filter', "mongosh --eval 'db.s.deleteMany({x: 1})'", 'mutating'],
      ['mongosh dropDatabase', "mongosh --eval 'db.dropDatabase()'", 'catastrophic'],
      ['a make clean', 'make clean', 'safe'],
      [
        'a destroy target for production infrastructure',
        'make -C infra destroy ENV=prod',
        'catastrophic',
      ],
      ['a database reset task', 'bin/rails db:drop db:create', 'destructive'],
      ['npm test', 'npm test', 'safe'],
      ['npm install', 'npm install zod', 'mutating'],
    ])('judges %s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('interpreter one-liners', () => {
    it.each<[string, string, Risk]>([
      [
        'python shutil.rmtree',
        `python3 -c "import shutil; shutil.rmtree('/srv/data')"`,
        'destructive',
      ],
      ['python os.system', `python -c "import os; os.system('rm -rf /')"`, 'catastrophic'],
      [
        'python subprocess with a list',
        `python3 -c "import subprocess; subprocess.run(['rm', '-rf', '/srv/app'])"`,
        'destructive',
      ],
      [
        'node fs.rmSync',
        `node -e "require('fs').rmSync('/var/lib/app', {recursive: true})"`,
        'destructive',
      ],
      [
        'node child_process.execSync',
        `node -e "require('child_process').execSync('git push --force')"`,
        'destructive',
      ],
      ['perl unlink', `perl -e 'unlink("/srv/app/config.yml")'`, 'destructive'],
      [
        'ruby FileUtils.rm_rf',
        `ruby -e 'require "fileutils"; FileUtils.rm_rf("/srv/app")'`,
        'destructive',
      ],
      ['a computing one-liner', `python3 -c "print(sum(range(10)))"`, 'safe'],
      [
        'python fed a heredoc',
        "python3 - <<'PY'\nimport shutil\nshutil.rmtree('/srv/app')\nPY",
        'destructive',
      ],
    ])('reads %s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('is opaque when a one-liner deletes a computed path', () => {
      expect(
        analyzeShell(`python3 -c "import shutil,sys; shutil.rmtree(sys.argv[1])"`, { cwd: CWD })
          .opaque,
      ).toBe(true)
    })
  })

  describe('sourced files and requests', () => {
    it.each<[string, string, Risk]>([
      ['loads a virtualenv before the tests', 'source .venv/bin/activate && pytest -q', 'safe'],
      ['loads a dotenv file', '. ./.env.local && npm run build', 'safe'],
      [
        'judges a curl DELETE of a namespace by the API path',
        'curl -X DELETE https://k8s.internal:6443/api/v1/namespaces/prod',
        'catastrophic',
      ],
      [
        'judges a curl POST with a JSON body',
        `curl -s -X POST https://api.example.com/v1/users -d '{"name":"a"}'`,
        'mutating',
      ],
      ['judges a plain curl GET as a read', 'curl -sf http://localhost:8080/health', 'safe'],
      ['runs the default make target as a build', 'make', 'safe'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('is opaque when a script that is not an environment file is sourced', () => {
      expect(analyzeShell('source ./scripts/reset.sh', { cwd: CWD }).opaque).toBe(true)
    })
  })

  describe('working directory', () => {
    it.each<[string, string, Risk]>([
      ['follows cd for the commands after it', 'cd / && rm -rf *', 'catastrophic'],
      ['follows cd to the home directory', 'cd ~ && rm -rf .', 'catastrophic'],
      ['keeps cd inside a subshell to the subshell', '(cd /tmp) && rm -rf build', 'safe'],
      [
        'treats paths after a cd to an unknown place as unknown',
        'cd "$DIR" && rm -rf data',
        'destructive',
      ],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })
  })

  describe('command-line tools named by verbs', () => {
    it.each<[string, string, Risk]>([
      ['reads with a list verb', 'gh pr list --state open', 'safe'],
      ['changes with a merge verb', 'gh pr merge 42 --squash', 'mutating'],
      ['deletes with a delete verb', 'vault kv delete secret/app', 'destructive'],
      [
        'destroys an environment-sized object',
        'heroku apps:destroy --app shop-prod --confirm shop-prod',
        'catastrophic',
      ],
      ['reads a GitHub API path', 'gh api repos/acme/app/pulls', 'safe'],
      [
        'deletes through the GitHub API',
        'gh api -X DELETE repos/acme/app/git/refs/heads/main',
        'destructive',
      ],
      ['unwraps a credential helper', 'aws-vault exec prod -- rm -rf /srv/app', 'destructive'],
      ['runs a project build wrapper as the build tool', './gradlew test', 'safe'],
    ])('%s', (_name, command, risk) => {
      expect(riskOf(command)).toBe(risk)
    })

    it('is opaque when no verb in a subcommand is known', () => {
      expect(analyzeShell('vault operator frobnicate', { cwd: CWD }).opaque).toBe(true)
    })
  })

  describe('input it cannot read', () => {
    it('is opaque with a line and column when the grammar reports an error', () => {
      const result = analyzeShell('echo ok &&& ls', { cwd: CWD })
      expect(result.opaque).toBe(true)
      expect(result.issues[0]?.code).toBe('parse_syntax_error')
      expect(result.issues[0]?.message).toMatch(/line 1, column \d+/)
    })

    it('is opaque for a program it does not know', () => {
      const result = analyzeShell('frobnicate --all', { cwd: CWD })
      expect(result.opaque).toBe(true)
      expect(result.issues[0]?.code).toBe('parse_unknown_program')
    })

    it('is opaque when a script file is run', () => {
      expect(analyzeShell('bash ./deploy.sh', { cwd: CWD }).opaque).toBe(true)
    })

    it('stops following nested shells past the depth limit', () => {
      let command = 'rm -rf /srv/app'
      for (let i = 0; i < 20; i++) command = `sh -c ${JSON.stringify(command)}`
      const result = analyzeShell(command, { cwd: CWD })
      expect(result.opaque).toBe(true)
    })
  })
})

describe('read-only programs', () => {
  it.each([
    ['ls -la src', 'src'],
    ['cat -- -notes.txt', '-notes.txt'],
    ['wc -l', 'wc'],
  ])('name the first operand, not an option, as what `%s` reads', (command, target) => {
    expect(analyzeShell(command, { cwd: CWD }).effects.map((effect) => effect.target)).toEqual([
      target,
    ])
  })
})
