/** PSP-FORMATS.md §3.3: the Worldline documentation sample of a Sips JSON request, its seal data and its seal with key `secret123` [V]. */
export const SIPS_JSON_VECTOR = {
  request: {
    amount: '2500',
    automaticResponseUrl: 'https://automatic-response-url.fr/',
    normalReturnUrl: 'https://normal-return-url/',
    captureDay: '0',
    captureMode: 'AUTHOR_CAPTURE',
    currencyCode: '978',
    customerContact: { email: 'customer@email.com' },
    interfaceVersion: 'IR_WS_2.22',
    keyVersion: '1',
    merchantId: '011223344550000',
    orderChannel: 'INTERNET',
    orderId: 'ORD101',
    returnContext: 'ReturnContext',
    transactionOrigin: 'SO_WEBAPPLI',
    transactionReference: 'TREFEXA2012',
  },
  sealData: '2500https://automatic-response-url.fr/0AUTHOR_CAPTURE978customer@email.comIR_WS_2.22011223344550000https://normal-return-url/INTERNETORD101ReturnContextSO_WEBAPPLITREFEXA2012',
  key: 'secret123',
  seal: '322b943d833417c1570e0a282641e8e29d6a5b968c9b846694b5610e18ab5b81',
};
