import { demoRegions, regionPath } from '@dnp/demo-data';
import { describe, expect, it } from 'vitest';
import { checkDiversion, pathIds, splitIds, toPath } from './diversion.service.js';

const regions = demoRegions();
const at = (regionId: string) => regionPath(regions, regionId);

describe('checkDiversion (窜货 rule)', () => {
  it('a sale in a city inside the authorized province is fine', () => {
    // Jiangsu provincial agent, authorized for reg_js, sells in Suzhou.
    expect(
      checkDiversion({ ownerDealerId: 'dlr_js', authorizedRegionIds: ['reg_js'], regionPath: at('reg_js_sz') }),
    ).toEqual({ diverted: false, coveredBy: 'reg_js' });
  });

  it('a sale in the authorized city itself is fine', () => {
    expect(
      checkDiversion({ ownerDealerId: 'dlr_nj', authorizedRegionIds: ['reg_js_nj'], regionPath: at('reg_js_nj') })
        .diverted,
    ).toBe(false);
  });

  it('a sale in another province is a diversion', () => {
    expect(
      checkDiversion({ ownerDealerId: 'dlr_js', authorizedRegionIds: ['reg_js'], regionPath: at('reg_zj_hz') }),
    ).toEqual({ diverted: true, coveredBy: null });
  });

  it('a neighbouring city of the same province is a diversion for a city dealer', () => {
    expect(
      checkDiversion({ ownerDealerId: 'dlr_nj', authorizedRegionIds: ['reg_js_nj'], regionPath: at('reg_js_sz') })
        .diverted,
    ).toBe(true);
  });

  it('a scan at a broader level than the authorization (the province of a city dealer) is a diversion', () => {
    expect(
      checkDiversion({ ownerDealerId: 'dlr_nj', authorizedRegionIds: ['reg_js_nj'], regionPath: at('reg_js') })
        .diverted,
    ).toBe(true);
  });

  it('any of several authorized regions covers, and a national authorization covers everything', () => {
    expect(
      checkDiversion({ ownerDealerId: 'd', authorizedRegionIds: ['reg_zj', 'reg_js'], regionPath: at('reg_js_wx') })
        .coveredBy,
    ).toBe('reg_js');
    expect(
      checkDiversion({ ownerDealerId: 'd', authorizedRegionIds: ['reg_cn'], regionPath: at('reg_hl_hrb') }).diverted,
    ).toBe(false);
  });

  it('a code HQ still holds has no territory to leave; an owner without authorization has none to stay in', () => {
    expect(checkDiversion({ ownerDealerId: null, authorizedRegionIds: [], regionPath: at('reg_gd_gz') }).diverted).toBe(
      false,
    );
    expect(checkDiversion({ ownerDealerId: 'd', authorizedRegionIds: [], regionPath: at('reg_gd_gz') }).diverted).toBe(
      true,
    );
  });

  it('paths and id lists round-trip', () => {
    expect(pathIds(toPath(['reg_cn', 'reg_east']))).toEqual(['reg_cn', 'reg_east']);
    expect(splitIds('reg_js,reg_zj')).toEqual(['reg_js', 'reg_zj']);
    expect(splitIds(null)).toEqual([]);
  });
});
