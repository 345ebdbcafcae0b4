import QRCode from 'qrcode';

/**
 * QR codes as inline SVG (no image request, sharp in print), one setting for every
 * page, receipt and poster, and for the tests that decode them.
 */
export const QR_OPTIONS = { type: 'svg', margin: 1, errorCorrectionLevel: 'M' } as const;

export const qrSvg = (text: string): Promise<string> => QRCode.toString(text, QR_OPTIONS);
