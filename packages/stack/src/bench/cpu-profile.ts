interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a `.cpuprofile`'s busy time went (idle excluded: the gateway also
 * waits while the other targets are measured): the top functions, and the
 * top packages, in percent.
 */
export function summarizeCpuProfile(json: string, top = 15): string {
  const profile = JSON.parse(json) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0) || 1;
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
      (file
        ? file.includes('/dist/')
          ? 'weace (compiled)'
          : file.startsWith('node:')
            ? 'node core'
            : file
        : functionName || '(native)');
    const where = `${functionName || '(anonymous)'} ${file ? `${file.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;
    functions.set(where, (functions.get(where) ?? 0) + time);
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  }
  const list = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => `  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `by function:\n${list(functions)}\nby package:\n${list(packages)}`;
}
