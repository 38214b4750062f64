import { describe, expect, it } from 'vitest';
import { deliveryBlockedReason, isPublicAddress, privateTargetReason } from './webhook-address.ts';

describe('isPublicAddress', () => {
  it.each(['127.0.0.1', '10.0.0.8', '172.16.4.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fc00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not an address'])(
    'is false for %s',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );
  it.each(['8.8.8.8', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('is true for %s', (address) => expect(isPublicAddress(address)).toBe(true));
});

describe('privateTargetReason (at save time, without DNS)', () => {
  it('refuses localhost names and private IP literals', () => {
    expect(privateTargetReason('http://localhost:3000/hook')).toMatch(/localhost/);
    expect(privateTargetReason('https://api.localhost/hook')).toMatch(/localhost/);
    expect(privateTargetReason('https://10.0.0.5/hook')).toMatch(/private or reserved address \(10\.0\.0\.5\)/);
    expect(privateTargetReason('http://[::1]:8080/')).toMatch(/::1/);
  });
  it('lets public names and addresses through (their addresses are checked when delivering)', () => {
    expect(privateTargetReason('https://shop.example.com/rapport-webhook')).toBeNull();
    expect(privateTargetReason('https://93.184.216.34/hook')).toBeNull();
  });
});

describe('deliveryBlockedReason', () => {
  it('blocks a private IP literal unless private networks are allowed', () => {
    expect(deliveryBlockedReason('http://127.0.0.1:9/hook', false)).toMatch(/private or reserved/);
    expect(deliveryBlockedReason('http://127.0.0.1:9/hook', true)).toBeNull();
    expect(deliveryBlockedReason('https://shop.example.com/hook', false)).toBeNull();
  });
});
