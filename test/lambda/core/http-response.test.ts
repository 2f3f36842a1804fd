import { acceptedResponse, errorResponse, unavailableResponse } from '../../../lambda/core/http-response';

describe('http responses', () => {
  test.each([
    ['200 accepted', acceptedResponse('evt_1'), 200, { eventId: 'evt_1' }, undefined],
    ['400 rejection', errorResponse(400, 'Body is not valid JSON'), 400, { message: 'Body is not valid JSON' }, undefined],
    ['503 unavailable', unavailableResponse(), 503, { message: 'Temporarily unable to accept the webhook; retry later' }, '5'],
    ['503 with a chosen delay', unavailableResponse(30), 503, { message: 'Temporarily unable to accept the webhook; retry later' }, '30'],
  ])('%s is uncacheable JSON', (_name, response, statusCode, body, retryAfter) => {
    // Prepare
    // Act
    const parsed = JSON.parse(response.body);

    // Assess
    expect(response.statusCode).toBe(statusCode);
    expect(parsed).toEqual(body);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(response.headers['Cache-Control']).toBe('no-store');
    expect(response.headers['Retry-After']).toBe(retryAfter);
  });
});
