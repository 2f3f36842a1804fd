/*
 * What the numbers were measured on: they mean little without it.
 */
import * as os from 'node:os';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly logicalCpus: number;
  readonly totalMemoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the bench started and ended: other work on the machine shows here. */
  readonly loadAverageAtStart: number;
  loadAverageAtEnd?: number;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    logicalCpus: os.availableParallelism(),
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: loadAverage(),
  };
}

export function loadAverage(): number {
  return os.loadavg()[0];
}

export function formatMachine(machine: MachineDescription): string {
  return `${machine.cpuModel}, ${machine.logicalCpus} logical CPUs, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, ${machine.platform}; `
    + `load average ${machine.loadAverageAtStart.toFixed(2)} at start`
    + (machine.loadAverageAtEnd === undefined ? '' : `, ${machine.loadAverageAtEnd.toFixed(2)} at end`);
}
