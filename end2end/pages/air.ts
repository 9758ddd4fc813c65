// Page objects of the air pages (/air, /air/sensors/:id) and a signed sensor that sends readings
// through the public ingestion API, signed as `domain::air::signing` describes.
import { Page, Locator, APIRequestContext } from '@playwright/test';
import { createHash, createPrivateKey, KeyObject, sign } from 'node:crypto';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { visit } from '../fixtures';

export class AirMapPage {
  readonly map: Locator;
  readonly dots: Locator;
  readonly rows: Locator;
  readonly district: Locator;

  constructor(readonly page: Page) {
    this.map = page.getByTestId('air-map');
    this.dots = page.locator('svg.air-map a.air-dot');
    this.rows = page.locator('#air-table tbody tr[data-sensor]');
    this.district = page.getByTestId('air-district');
  }

  async open(query = '') {
    await visit(this.page, `/air${query}`);
  }

  dot(id: string): Locator {
    return this.page.locator(`a.air-dot[data-sensor="${id}"]`);
  }

  row(id: string): Locator {
    return this.page.locator(`#air-table tr[data-sensor="${id}"]`);
  }

  async sortBy(column: 'name' | 'grade' | 'pm10' | 'pm25') {
    await this.page.getByTestId(`sort-${column}`).click();
  }
}

export class SensorPage {
  readonly grade: Locator;
  readonly factors: Locator;

  constructor(readonly page: Page, readonly id: string) {
    this.grade = page.getByTestId('air-sensor-grade');
    this.factors = page.getByTestId('air-factors');
  }

  async open() {
    await visit(this.page, `/air/sensors/${this.id}`);
  }

  factorValue(slug: string): Locator {
    return this.page.locator(`tr[data-factor="${slug}"] [data-field="value"]`);
  }
}

/** Seoul's wall-clock time as RFC 3339 in +09:00, as readings carry it. */
export function seoulNow(): string {
  const t = new Date(Date.now() + 9 * 3600_000);
  return t.toISOString().slice(0, 19) + '+09:00';
}

/**
 * A device with a fresh Ed25519 key, issued as an operator issues one (`dongne sensors key`: the
 * server keeps the public half, replacing the sensor's live key); readings are then signed with it.
 */
export class SignedSensor {
  private readonly signingKey: KeyObject;
  private sequence = Date.now();

  constructor(readonly id: string) {
    const databaseUrl = process.env.E2E_DATABASE_URL;
    if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run through end2end/run.sh');
    // a key issued the way an operator issues one: `dongne sensors key`, which prints it once
    const binary = process.env.DONGNE_BIN || resolve(__dirname, '../../target/release/dongne');
    const printed = execFileSync(binary, ['sensors', 'key', id], {
      env: { ...process.env, DATABASE_URL: databaseUrl, RUST_LOG: 'warn' },
      encoding: 'utf8',
    });
    const key = /key ([0-9a-f]{64})/.exec(printed)?.[1];
    if (!key) throw new Error(`dongne sensors key ${id} printed no key: ${printed}`);
    // the printed 32-byte seed, wrapped as PKCS#8 (the fixed Ed25519 prefix) for node's crypto
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(key, 'hex')]);
    this.signingKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  }

  /** POSTs one reading of `values` (measure slug → value) taken now; the response. */
  async send(request: APIRequestContext, values: Record<string, number>) {
    const path = '/api/v1/air/readings';
    const body = JSON.stringify({ readings: [{ at: seoulNow(), values }] });
    const timestamp = Math.floor(Date.now() / 1000);
    this.sequence += 1;
    const canonical = ['DONGNE-ED25519', 'POST', path, String(timestamp), String(this.sequence),
      createHash('sha256').update(body).digest('hex')].join('\n');
    const signature = sign(null, Buffer.from(canonical), this.signingKey).toString('hex');
    return request.post(path, {
      data: body,
      headers: {
        'content-type': 'application/json',
        'x-dongne-device': this.id,
        'x-dongne-timestamp': String(timestamp),
        'x-dongne-sequence': String(this.sequence),
        'x-dongne-signature': signature,
      },
    });
  }
}
