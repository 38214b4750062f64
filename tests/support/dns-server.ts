/**
 * A real authoritative DNS server on 127.0.0.1 for tests (dns2): UDP and TCP on the same random
 * port (TCP for answers that do not fit a UDP datagram, e.g. 2048-bit DKIM keys). It answers from
 * the records map it is given: a known name without a record of the asked type answers NOERROR
 * with no data; an unknown name answers NXDOMAIN. Names are matched case-insensitively.
 */
import dns2 from 'dns2';

const { Packet } = dns2;
/** RFC 1035 response codes (dns2's typings omit Packet.RCODE). */
const RCODE = { FORMERR: 1, NXDOMAIN: 3 } as const;

export interface DnsRecords {
  A?: string[];
  AAAA?: string[];
  MX?: { exchange: string; priority: number }[];
  /** Each string is one TXT record; strings over 255 bytes are split into character-strings. */
  TXT?: string[];
}

export interface TestDnsServer {
  host: string;
  port: number;
  /** "127.0.0.1:<port>", the form config.dnsServers takes. */
  address: string;
  /** Replaces the records of a name (undefined removes it). */
  set(name: string, records: DnsRecords | undefined): void;
  /** Questions answered so far, as "TYPE name". */
  readonly queries: string[];
  stop(): Promise<void>;
}

function splitTxt(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 255) parts.push(bytes.subarray(offset, offset + 255));
  return parts.length > 0 ? parts : [Buffer.alloc(0)];
}

const typeNames = new Map<number, string>(Object.entries(Packet.TYPE as Record<string, number>).map(([name, code]) => [code, name]));

export async function startDnsServer(initial: Record<string, DnsRecords>): Promise<TestDnsServer> {
  const zone = new Map<string, DnsRecords>();
  const normalise = (name: string) => name.toLowerCase().replace(/\.$/, '');
  for (const [name, records] of Object.entries(initial)) zone.set(normalise(name), records);
  const queries: string[] = [];

  type Request = { questions: { name: string; type: number }[] };
  const handle = (request: Request, send: (response: unknown) => void) => {
    const response = Packet.createResponseFromRequest(request as never) as unknown as {
      header: { rcode: number; aa: number };
      answers: unknown[];
    };
    response.header.aa = 1;
    const [question] = request.questions;
    if (!question) {
      response.header.rcode = RCODE.FORMERR;
      return send(response);
    }
    const name = normalise(question.name);
    const typeName = typeNames.get(question.type) ?? String(question.type);
    queries.push(`${typeName} ${name}`);
    const records = zone.get(name);
    if (!records) {
      response.header.rcode = RCODE.NXDOMAIN;
      return send(response);
    }
    const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
    if (question.type === Packet.TYPE.A) for (const address of records.A ?? []) response.answers.push({ ...base, type: Packet.TYPE.A, address });
    if (question.type === Packet.TYPE.AAAA) for (const address of records.AAAA ?? []) response.answers.push({ ...base, type: Packet.TYPE.AAAA, address });
    if (question.type === Packet.TYPE.MX) for (const mx of records.MX ?? []) response.answers.push({ ...base, type: Packet.TYPE.MX, exchange: mx.exchange, priority: mx.priority });
    if (question.type === Packet.TYPE.TXT) for (const text of records.TXT ?? []) response.answers.push({ ...base, type: Packet.TYPE.TXT, data: splitTxt(text) });
    send(response);
  };

  // UDP takes a random port; TCP then binds the same number (bounded retries if it is taken).
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const server = dns2.createServer({ udp: true, tcp: true, handle: handle as never });
    server.on('requestError', () => undefined);
    // dns2 re-emits socket errors on the server: without a listener a taken TCP port (two test
    // projects binding at once) becomes an uncaught EADDRINUSE instead of a retry.
    server.on('error', () => undefined);
    const udp = (server as unknown as { servers: { udp: import('node:dgram').Socket; tcp: import('node:net').Server } }).servers;
    const udpPort = await new Promise<number>((resolve, reject) => {
      udp.udp.once('error', reject);
      udp.udp.bind(0, '127.0.0.1', () => resolve(udp.udp.address().port));
    });
    const tcpBound = await new Promise<boolean>((resolve) => {
      udp.tcp.once('error', () => resolve(false));
      udp.tcp.listen(udpPort, '127.0.0.1', () => resolve(true));
    });
    if (!tcpBound) {
      udp.udp.close();
      continue;
    }
    const sockets = new Set<import('node:net').Socket>();
    udp.tcp.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return {
      host: '127.0.0.1',
      port: udpPort,
      address: `127.0.0.1:${udpPort}`,
      set(name, records) {
        if (records) zone.set(normalise(name), records);
        else zone.delete(normalise(name));
      },
      queries,
      async stop() {
        await new Promise<void>((resolve) => {
          let pending = 2;
          const done = () => (pending -= 1) === 0 && resolve();
          udp.udp.close(done);
          udp.tcp.close(() => done());
          for (const socket of sockets) socket.destroy();
          setTimeout(resolve, 2000).unref();
        });
      },
    };
  }
  throw new Error('could not bind a DNS test server (UDP and TCP on one port) in 10 attempts');
}
