import { describe, expect, it } from 'vitest';
import { detectLanguage, SUPPORTED_LANGUAGES } from './language.ts';

describe('detectLanguage', () => {
  it.each([
    ['Where is my order? I have been waiting for two weeks.', 'en'],
    ['Wo ist meine Bestellung? Ich warte seit zwei Wochen.', 'de'],
    ["Bonjour, je n'ai toujours pas reçu ma commande.", 'fr'],
    ['Hola, todavía no he recibido mi pedido. ¿Pueden ayudarme?', 'es'],
    ['Buongiorno, non ho ancora ricevuto il mio ordine.', 'it'],
    ['Olá, ainda não recebi o meu pedido.', 'pt'],
    ['Hallo, ik heb mijn bestelling nog niet ontvangen.', 'nl'],
    ['Здравствуйте, я до сих пор не получил свой заказ.', 'ru'],
    ['こんにちは、注文した商品がまだ届いていません。', 'ja'],
    ['שלום, ההזמנה שלי עדיין לא הגיעה', 'he'],
    ['Γεια σας, η παραγγελία μου δεν έχει φτάσει ακόμα.', 'el'],
    ['Hej, jeg har stadig ikke modtaget min pakke. Hvad sker der?', 'da'],
    ['Hei, jeg har fortsatt ikke mottatt pakken min. Hva skjer?', 'no'],
    ['Hei, en ole vielä saanut tilaustani. Milloin se tulee?', 'fi'],
    ['Hej, jag har fortfarande inte fått mitt paket. Vad händer?', 'sv'],
    ['Dzień dobry, nadal nie otrzymałem mojego zamówienia.', 'pl'],
    ['Merhaba, siparişim hâlâ gelmedi. Ne zaman gelecek?', 'tr'],
  ])('detects %s as %s', (text, language) => {
    const result = detectLanguage(text);
    expect(result.language).toBe(language);
    expect(result.confidence).toBeGreaterThan(0.3);
  });

  it('says und for text it cannot judge', () => {
    expect(detectLanguage('')).toEqual({ language: 'und', confidence: 0 });
    expect(detectLanguage('12345 678')).toEqual({ language: 'und', confidence: 0 });
    expect(detectLanguage('ok')).toEqual({ language: 'und', confidence: 0 });
  });

  it('covers at least 50 languages with ISO 639-1 codes', () => {
    expect(SUPPORTED_LANGUAGES.length).toBeGreaterThanOrEqual(50);
    expect(SUPPORTED_LANGUAGES.every((code) => /^[a-z]{2}$/.test(code))).toBe(true);
  });
});

describe('detectLanguage on languages without a trigram profile', () => {
  it.each([
    ['Me gustaría saber si se puede cambiar la dirección de envío en mi pedido, por favor.', 'es'],
    ['Je voudrais savoir si on peut changer l’adresse de livraison de ma commande.', 'fr'],
    ['Ich möchte wissen, ob man die Lieferadresse meiner Bestellung ändern kann.', 'de'],
    ['I am on it and will let you know when the parcel is on its way.', 'en'],
  ])('does not mistake %s for Danish, Norwegian or Finnish', (text, language) => {
    expect(detectLanguage(text).language).toBe(language);
  });
});
