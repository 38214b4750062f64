// Text templates for the demo workspace ("Brightbean Coffee Supply", a small coffee-equipment shop in
// Dublin that ships across Europe). Placeholders in braces are filled by demo-data.ts; a placeholder
// written with a capital first letter ({Product}) gets its value capitalised, for sentence starts.
//
// German and Spanish nouns have grammatical gender, so templates avoid pronouns and adjectives that
// would have to agree with {product}; products come with ready-made article forms instead.

// `as const` keeps the literal values, so the union types below derive from the lists.
export const demoLanguages = ['en', 'de', 'es'] as const;
export type DemoLanguage = (typeof demoLanguages)[number];

export type NonEmptyList<T> = readonly [T, ...T[]];

export const demoTags = [
  'shipping',
  'refund',
  'damaged',
  'billing',
  'product-question',
  'complaint',
  'praise',
  'warranty',
  'address-change',
  'subscription',
  'vip',
] as const;
export type DemoTag = (typeof demoTags)[number];

export type DemoTopicId =
  | 'where-is-my-order'
  | 'damaged-item'
  | 'refund-request'
  | 'wrong-item'
  | 'discount-code'
  | 'product-question'
  | 'invoice-request'
  | 'address-change'
  | 'subscription'
  | 'warranty-repair'
  | 'angry-complaint'
  | 'praise';

/** An agent's clarifying question and the customer's answer; kept together so the answer fits. */
export interface TopicExchange {
  question: string;
  answer: string;
}

export interface TopicTexts {
  subjects: NonEmptyList<string>;
  openings: NonEmptyList<string>;
  exchanges: NonEmptyList<TopicExchange>;
  resolutions: NonEmptyList<string>;
  workarounds?: NonEmptyList<string>;
  couldNotSolve?: NonEmptyList<string>;
  onHold?: NonEmptyList<string>;
  /** Replaces the generic "any news?" follow-up, e.g. for angry customers. */
  nudges?: NonEmptyList<string>;
}

export interface DemoTopic {
  id: DemoTopicId;
  weight: number;
  tags: NonEmptyList<DemoTag>;
  urgency: 'low' | 'normal' | 'high';
  /** Which products a ticket on this topic can be about. */
  productPool: 'any' | 'brewing' | 'appliance';
  canNudge: boolean;
  /** Internal notes are written in English, the team's working language. */
  notes: NonEmptyList<string>;
  texts: Record<DemoLanguage, TopicTexts>;
}

export interface ConversationPhrases {
  customerGreetings: NonEmptyList<string>;
  /** Greetings once an agent has written, addressed to {assigneeFirstName}. */
  replyGreetings: NonEmptyList<string>;
  customerSignOffs: NonEmptyList<string>;
  nudges: NonEmptyList<string>;
  thanks: NonEmptyList<string>;
  thanksAnyway: NonEmptyList<string>;
  voicemailPrefix: string;
}

export interface AgentVoice {
  greeting: string;
  closings: NonEmptyList<string>;
  signOff: string;
}

export type DemoAgentKey = 'alex' | 'jana' | 'sam';

export const agentVoices: Record<DemoAgentKey, Partial<Record<DemoLanguage, AgentVoice>>> = {
  alex: {
    en: {
      greeting: 'Hi {customerFirstName},',
      closings: ["Let me know if there's anything else I can do.", 'Any questions at all, just hit reply.'],
      signOff: 'All the best,\nAlex\nFounder, Brightbean Coffee Supply',
    },
    es: {
      greeting: 'Hola, {customerFirstName}:',
      closings: ['Si necesitas cualquier otra cosa, aquí estoy.', 'Cualquier duda, responde a este correo y lo vemos.'],
      signOff: 'Un abrazo,\nAlex\nBrightbean Coffee Supply',
    },
  },
  jana: {
    en: {
      greeting: 'Hello {customerFirstName},',
      closings: ['If anything is unclear, just reply to this email.', 'Please get in touch if you have any other questions.'],
      signOff: 'Kind regards,\nJana Weber\nTeam Lead, Brightbean Coffee Supply',
    },
    de: {
      greeting: 'Hallo {customerName},',
      closings: [
        'Wenn noch etwas unklar ist, antworten Sie einfach auf diese E-Mail.',
        'Melden Sie sich gern, falls Sie noch Fragen haben.',
      ],
      signOff: 'Viele Grüße aus Dublin\nJana Weber\nBrightbean Coffee Supply',
    },
  },
  sam: {
    en: {
      greeting: 'Hey {customerFirstName}!',
      closings: ['Shout if you need anything else!', 'Hope that helps. Have a lovely day!'],
      signOff: 'Cheers,\nSam',
    },
  },
};

export const conversationPhrases: Record<DemoLanguage, ConversationPhrases> = {
  en: {
    customerGreetings: ['Hi,', 'Hello,', 'Hi there,', 'Good morning,'],
    replyGreetings: ['Hi {assigneeFirstName},', 'Thanks {assigneeFirstName},', 'Hello again,'],
    customerSignOffs: ['Thanks,\n{customerFirstName}', 'Best,\n{customerName}', '{customerFirstName}', 'Many thanks,\n{customerName}'],
    nudges: [
      "Any update on this? I haven't heard anything yet.",
      'Just following up on my message from yesterday. Could someone take a look?',
    ],
    thanks: ['Brilliant, thank you so much!', "That's great, thanks for sorting it so quickly.", 'Perfect, thanks for your help.'],
    thanksAnyway: ['Not what I hoped, but thanks for being straight with me.', 'OK, understood. Thanks for trying.'],
    voicemailPrefix: 'Voicemail:',
  },
  de: {
    customerGreetings: ['Hallo,', 'Guten Tag,', 'Hallo zusammen,', 'Sehr geehrte Damen und Herren,'],
    replyGreetings: ['Hallo {assigneeFirstName},', 'Guten Tag {assigneeFirstName},', 'Hallo nochmal,'],
    customerSignOffs: [
      'Viele Grüße\n{customerName}',
      'Danke und Gruß\n{customerFirstName}',
      'Mit freundlichen Grüßen\n{customerName}',
      'LG {customerFirstName}',
    ],
    nudges: [
      'Gibt es hierzu schon etwas Neues? Ich habe noch keine Antwort bekommen.',
      'Ich wollte kurz nachhaken, ob meine Nachricht von gestern angekommen ist.',
    ],
    thanks: ['Super, vielen Dank!', 'Das ging ja schnell, herzlichen Dank für Ihre Hilfe.', 'Perfekt, danke schön!'],
    thanksAnyway: ['Schade, aber danke für die ehrliche Antwort.', 'Okay, verstehe. Trotzdem danke für Ihre Mühe.'],
    voicemailPrefix: 'Sprachnachricht:',
  },
  es: {
    customerGreetings: ['Hola:', 'Hola, buenas:', 'Buenos días:', 'Hola,'],
    replyGreetings: ['Hola, {assigneeFirstName}:', 'Gracias, {assigneeFirstName}.', 'Hola de nuevo:'],
    customerSignOffs: [
      'Gracias,\n{customerFirstName}',
      'Un saludo,\n{customerName}',
      'Saludos,\n{customerFirstName}',
      'Muchas gracias de antemano.\n{customerName}',
    ],
    nudges: ['¿Hay alguna novedad? Todavía no he recibido respuesta.', 'Os escribo de nuevo por si no os llegó mi mensaje de ayer.'],
    thanks: ['¡Genial, muchas gracias!', 'Perfecto, gracias por solucionarlo tan rápido.', 'Muchísimas gracias por la ayuda.'],
    thanksAnyway: ['Una pena, pero gracias por ser sinceros.', 'Vale, entendido. Gracias de todas formas.'],
    voicemailPrefix: 'Mensaje de voz:',
  },
};

/** Notes that fit any topic; {otherAgentFirstName} is a teammate other than the note's author. */
export const genericNotes: NonEmptyList<string> = [
  'Customer also called about this; same question, no need to answer twice.',
  "Handing over to {otherAgentFirstName} while I'm off tomorrow. All context is in the thread.",
  'Customer prefers email to phone calls, going by their earlier contacts.',
  '@{otherAgentFirstName} could you sanity-check my reply before I send it?',
];

const whereIsMyOrder: DemoTopic = {
  id: 'where-is-my-order',
  weight: 18,
  tags: ['shipping'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    '{carrier} tracking shows the parcel scanned into the depot but never out. Claim opened, ref {claimNumber}.',
    "Second 'where is my order' from this customer this month. Worth checking whether their area has {carrier} problems.",
  ],
  texts: {
    en: {
      subjects: ['Where is my order {orderNumber}?', "Order {orderNumber} hasn't arrived", 'Still waiting for my delivery'],
      openings: [
        "I ordered {product} on {orderDate} (order {orderNumber}) and it still hasn't arrived. The tracking page hasn't changed in days. Can you tell me where it is?",
        "My order {orderNumber} should have arrived by now but nothing has turned up. It's a birthday present, so I'm getting a bit nervous. Any idea what's happening?",
        "Just checking on order {orderNumber}. The confirmation said 3–5 working days and it's been over a week. The {carrier} tracking number {trackingNumber} only says 'label created'.",
      ],
      exchanges: [
        {
          question:
            "Sorry it's taking so long. I can see the parcel went out with {carrier} (tracking {trackingNumber}). Could you confirm the delivery address is still right, and check whether a neighbour might have taken it in?",
          answer: 'Yes, the address is right. I asked the neighbours and nobody has it. There was no card through the door either.',
        },
        {
          question:
            "I've checked with the warehouse and the parcel left us on time. Have you had a 'sorry we missed you' card or an email from {carrier} asking you to collect it?",
          answer: 'No card, and nothing from {carrier} in my inbox or spam folder either.',
        },
      ],
      resolutions: [
        "I've been on the phone with {carrier}: the parcel was stuck at their depot after a scanning error. It's back on the van and should reach you by {weekday}; you can follow it with tracking number {trackingNumber}. Sorry for the wait. I've refunded the shipping cost as well.",
        "{carrier} have confirmed the parcel was lost in transit, so I've sent {product} again by express today at no cost to you. It should be with you by {weekday}, and I'm keeping an eye on it myself.",
      ],
      workarounds: [
        "{carrier} can't say yet where the original parcel is, so rather than keep you waiting I've sent {product} again by express. If the first parcel turns up, just refuse it at the door or send it back with the prepaid label in the box.",
      ],
      couldNotSolve: [
        "I'm sorry: {carrier} have closed their investigation without finding the parcel, and {product} is out of stock until next month, so I can't send a replacement right away. I've refunded order {orderNumber} in full ({price}); it should show on your statement within 5 working days. I know that's not what you wanted, and I'm sorry we let you down.",
      ],
      onHold: [
        "I've opened an investigation with {carrier} for order {orderNumber}. They usually reply within two working days, so I'll be back in touch by {weekday} at the latest, whatever they say.",
      ],
    },
    de: {
      subjects: ['Wo bleibt meine Bestellung {orderNumber}?', 'Bestellung {orderNumber} noch nicht angekommen', 'Lieferung immer noch nicht da'],
      openings: [
        'Ich habe am {orderDate} {productAccusative} bestellt (Bestellnummer {orderNumber}), aber bis heute ist nichts angekommen. Die Sendungsverfolgung hat sich seit Tagen nicht verändert. Können Sie mir sagen, wo das Paket steckt?',
        'Meine Bestellung {orderNumber} hätte eigentlich längst da sein sollen, aber es ist noch nichts gekommen. Es ist ein Geburtstagsgeschenk, deshalb werde ich langsam nervös. Wissen Sie, was da los ist?',
        'Ich wollte nach meiner Bestellung {orderNumber} fragen. In der Bestätigung stand 3–5 Werktage, inzwischen ist über eine Woche vergangen. Bei {carrier} steht unter der Sendungsnummer {trackingNumber} nur „Sendungsdaten übermittelt“.',
      ],
      exchanges: [
        {
          question:
            'Es tut mir leid, dass es so lange dauert. Ich sehe, dass das Paket mit {carrier} verschickt wurde (Sendungsnummer {trackingNumber}). Könnten Sie kurz bestätigen, dass die Lieferadresse noch stimmt, und nachsehen, ob es vielleicht bei einem Nachbarn abgegeben wurde?',
          answer:
            'Ja, die Adresse stimmt. Ich habe bei den Nachbarn nachgefragt, dort wurde nichts abgegeben. Eine Benachrichtigungskarte lag auch nicht im Briefkasten.',
        },
        {
          question:
            'Ich habe beim Lager nachgefragt: Das Paket hat uns pünktlich verlassen. Haben Sie eine Benachrichtigungskarte oder eine E-Mail von {carrier} bekommen, dass Sie es abholen sollen?',
          answer: 'Nein, weder eine Karte noch eine E-Mail, auch nicht im Spam-Ordner.',
        },
      ],
      resolutions: [
        'Ich habe mit {carrier} telefoniert: Das Paket ist nach einem Scanfehler im Depot hängen geblieben. Es ist jetzt wieder unterwegs und sollte bis {weekday} bei Ihnen sein; Sie können es mit der Sendungsnummer {trackingNumber} verfolgen. Entschuldigen Sie die Wartezeit – die Versandkosten habe ich Ihnen erstattet.',
        '{carrier} hat bestätigt, dass das Paket auf dem Transportweg verloren gegangen ist. Ich habe Ihnen deshalb heute {productAccusative} kostenlos per Express noch einmal geschickt. Die Sendung sollte bis {weekday} ankommen, und ich behalte sie persönlich im Blick.',
      ],
      workarounds: [
        '{carrier} kann noch nicht sagen, wo das ursprüngliche Paket ist. Damit Sie nicht länger warten müssen, habe ich Ihnen {productAccusative} heute noch einmal per Express geschickt. Falls das erste Paket doch noch auftaucht, verweigern Sie einfach die Annahme oder schicken Sie es mit dem beiliegenden Retourenschein zurück.',
      ],
      couldNotSolve: [
        'Es tut mir sehr leid: {carrier} hat die Nachforschung abgeschlossen, ohne das Paket zu finden, und {product} ist erst nächsten Monat wieder lieferbar. Einen sofortigen Ersatz kann ich Ihnen deshalb leider nicht schicken. Ich habe Ihnen die Bestellung {orderNumber} vollständig erstattet ({price}); der Betrag sollte innerhalb von fünf Werktagen auf Ihrem Konto sein. Ich weiß, dass das nicht die Lösung ist, die Sie sich gewünscht haben.',
      ],
      onHold: [
        'Ich habe bei {carrier} einen Nachforschungsauftrag für die Bestellung {orderNumber} gestellt. Die Antwort kommt in der Regel innerhalb von zwei Werktagen – ich melde mich spätestens am {weekday} bei Ihnen, egal was dabei herauskommt.',
      ],
    },
    es: {
      subjects: ['¿Dónde está mi pedido {orderNumber}?', 'El pedido {orderNumber} no ha llegado', 'Sigo esperando mi pedido'],
      openings: [
        'Hice un pedido el {orderDate} ({orderNumber}) con {product} y todavía no me ha llegado. El seguimiento no se actualiza desde hace días. ¿Me podéis decir dónde está?',
        'Mi pedido {orderNumber} ya debería haber llegado, pero no ha aparecido nada. Es un regalo de cumpleaños y me estoy empezando a preocupar. ¿Sabéis qué ha pasado?',
        'Os escribo por el pedido {orderNumber}. En la confirmación ponía de 3 a 5 días laborables y ya ha pasado más de una semana. En {carrier}, con el número de seguimiento {trackingNumber}, solo pone «envío registrado».',
      ],
      exchanges: [
        {
          question:
            'Siento mucho que esté tardando tanto. Veo que el paquete salió con {carrier} (número de seguimiento {trackingNumber}). ¿Me confirmas que la dirección de entrega sigue siendo correcta? ¿Puede que lo hayan dejado con algún vecino?',
          answer: 'Sí, la dirección es correcta. He preguntado a los vecinos y nadie lo tiene. Tampoco me han dejado ningún aviso en el buzón.',
        },
        {
          question:
            'He consultado con el almacén y el paquete salió a tiempo. ¿Has recibido algún aviso o correo de {carrier} para recogerlo en un punto de entrega?',
          answer: 'No, ni aviso ni correo, y tampoco hay nada en la carpeta de spam.',
        },
      ],
      resolutions: [
        'He hablado por teléfono con {carrier}: el paquete se quedó atascado en su almacén por un error de escaneo. Ya está otra vez en reparto y debería llegarte antes del {weekday}; puedes seguirlo con el número {trackingNumber}. Perdona la espera. Te he devuelto también los gastos de envío.',
        '{carrier} nos ha confirmado que el paquete se perdió durante el transporte, así que hoy mismo te he vuelto a enviar {product} por urgente, sin ningún coste para ti. Debería llegarte antes del {weekday} y estaré pendiente del envío personalmente.',
      ],
      workarounds: [
        '{carrier} todavía no sabe dónde está el paquete original, así que, para que no tengas que seguir esperando, te he vuelto a enviar {product} por urgente. Si aparece el primer paquete, puedes rechazarlo en la entrega o devolvérnoslo con la etiqueta prepagada que va en la caja.',
      ],
      couldNotSolve: [
        'Lo siento mucho: {carrier} ha cerrado la investigación sin encontrar el paquete y no tendremos stock de {product} hasta el mes que viene, así que no puedo enviarte un repuesto ahora mismo. Te he devuelto el importe completo del pedido {orderNumber} ({price}); lo verás en tu cuenta en un máximo de 5 días laborables. Sé que no es lo que esperabas y siento mucho haberte fallado.',
      ],
      onHold: [
        'He abierto una investigación con {carrier} para el pedido {orderNumber}. Suelen responder en dos días laborables, así que te escribo como muy tarde el {weekday}, sea cual sea la respuesta.',
      ],
    },
  },
};

const damagedItem: DemoTopic = {
  id: 'damaged-item',
  weight: 9,
  tags: ['damaged'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Third damaged {productName} this month, all sent with {carrier}. Flagged the packaging to the warehouse.',
    'Replacement approved, no return needed (under our €50 threshold).',
  ],
  texts: {
    en: {
      subjects: ['{ProductName} arrived damaged', 'Damaged item in order {orderNumber}', 'Broken on arrival'],
      openings: [
        "My {productName} arrived today and it's damaged. The box was crushed on one side and there's a visible crack. Order {orderNumber}. I've kept all the packaging. What should I do?",
        "Unfortunately {product} from order {orderNumber} arrived broken. Something rattled when I opened the box and now I can see a crack. Really disappointed, I'd been looking forward to it.",
      ],
      exchanges: [
        {
          question:
            "I'm so sorry it arrived like that. Could you send me a couple of photos of the damage and of the outside of the box? Then I can file the claim with {carrier} myself, so you don't have to deal with them.",
          answer: 'Photos attached: one of the item and two of the box. The tape on the side was split open too.',
        },
        {
          question:
            "That's really not how it should have arrived, sorry. Is it only {product} that's damaged, or was anything else in the parcel affected?",
          answer: 'Just that one. Everything else in the box was fine.',
        },
      ],
      resolutions: [
        "Thank you, and sorry again. A replacement is on its way and should arrive by {weekday}; we've double-boxed it this time. There's no need to send the damaged one back: recycle it, or keep any parts that are still useful.",
        "I've refunded the full {price} to your original payment method; you'll see it within 3–5 working days. Please don't worry about returning the damaged item.",
      ],
      workarounds: [
        "{Product} is out of stock for the next few weeks. I've reserved one for you from the next delivery and, in the meantime, refunded 20% of the price as an apology. If you'd rather have a full refund instead, just say the word.",
      ],
      couldNotSolve: [
        "I'm sorry: the manufacturer has stopped making {product}, so I can't send an identical replacement. I've refunded {price} to you instead. If you'd like, I'm happy to suggest a similar model we do have in stock.",
      ],
      onHold: [
        "I've passed the photos to {carrier} and asked the warehouse to check the rest of that batch. I'll be back to you by {weekday} with a date for the replacement.",
      ],
    },
    de: {
      subjects: ['{ProductName} beschädigt angekommen', 'Beschädigter Artikel in Bestellung {orderNumber}', 'Ware kaputt geliefert'],
      openings: [
        'Heute ist {product} angekommen, leider beschädigt. Der Karton war an einer Seite eingedrückt, und man sieht einen deutlichen Riss. Bestellnummer {orderNumber}. Die Verpackung habe ich aufgehoben. Wie gehe ich jetzt vor?',
        'Leider ist {product} aus der Bestellung {orderNumber} kaputt bei mir angekommen. Beim Auspacken hat es geklappert, und jetzt sehe ich einen Sprung. Ich bin ziemlich enttäuscht, ich hatte mich sehr darauf gefreut.',
      ],
      exchanges: [
        {
          question:
            'Das tut mir wirklich leid. Könnten Sie mir bitte ein paar Fotos vom Schaden und vom Karton schicken? Dann reiche ich die Reklamation bei {carrier} selbst ein, und Sie müssen sich um nichts kümmern.',
          answer: 'Fotos sind im Anhang: eins vom Artikel und zwei vom Karton. Das Klebeband war an der Seite auch aufgerissen.',
        },
        {
          question:
            'So hätte das natürlich nicht ankommen dürfen, Entschuldigung. Ist nur {product} beschädigt, oder ist sonst noch etwas im Paket betroffen?',
          answer: 'Nur das, der Rest war in Ordnung.',
        },
      ],
      resolutions: [
        'Vielen Dank, und nochmals Entschuldigung. Ein Ersatz ist bereits unterwegs und sollte bis {weekday} bei Ihnen sein – diesmal doppelt verpackt. Den beschädigten Artikel müssen Sie nicht zurückschicken; entsorgen Sie ihn einfach oder behalten Sie die Teile, die noch brauchbar sind.',
        'Ich habe Ihnen den vollen Betrag von {price} auf Ihr ursprüngliches Zahlungsmittel erstattet; das dauert in der Regel drei bis fünf Werktage. Um die Rücksendung des beschädigten Artikels müssen Sie sich nicht kümmern.',
      ],
      workarounds: [
        '{Product} ist in den nächsten Wochen leider nicht vorrätig. Ich habe Ihnen ein Exemplar aus der nächsten Lieferung reserviert und Ihnen als Entschuldigung schon jetzt 20 % des Preises erstattet. Wenn Ihnen stattdessen eine volle Erstattung lieber ist, sagen Sie einfach Bescheid.',
      ],
      couldNotSolve: [
        'Es tut mir leid: {product} wird vom Hersteller nicht mehr produziert, deshalb kann ich Ihnen keinen identischen Ersatz schicken. Ich habe Ihnen stattdessen {price} erstattet. Wenn Sie möchten, schlage ich Ihnen gern ein ähnliches Modell vor, das wir auf Lager haben.',
      ],
      onHold: [
        'Ich habe die Fotos an {carrier} weitergegeben und das Lager gebeten, den Rest dieser Charge zu prüfen. Bis {weekday} melde ich mich mit einem Termin für den Ersatz.',
      ],
    },
    es: {
      subjects: ['{ProductName}: ha llegado en mal estado', 'Artículo dañado en el pedido {orderNumber}', 'Producto dañado al recibirlo'],
      openings: [
        'Hoy me ha llegado {product} en mal estado. La caja estaba aplastada por un lado y tiene un golpe y una grieta bastante visibles. Es el pedido {orderNumber}. He guardado todo el embalaje. ¿Qué tengo que hacer?',
        'Por desgracia, {product} del pedido {orderNumber} me ha llegado en mal estado. Al abrir la caja se oía algo suelto y ahora veo una grieta. Me da mucha pena, porque me hacía mucha ilusión.',
      ],
      exchanges: [
        {
          question:
            'Siento muchísimo que haya llegado así. ¿Me puedes mandar un par de fotos del daño y de la caja por fuera? Así presento yo la reclamación a {carrier} y tú no tienes que preocuparte de nada.',
          answer: 'Te adjunto las fotos: una del producto y dos de la caja. La cinta del lateral también estaba rota.',
        },
        {
          question: 'Así no debería haber llegado, perdona. ¿Solo está dañado {product} o hay algo más del paquete afectado?',
          answer: 'Solo eso, lo demás estaba bien.',
        },
      ],
      resolutions: [
        'Gracias, y perdona otra vez. Ya te hemos enviado un repuesto, que debería llegarte antes del {weekday}; esta vez va con doble caja. No hace falta que nos devuelvas el producto dañado: puedes reciclarlo o quedarte con las piezas que te sirvan.',
        'Te he devuelto el importe completo ({price}) en tu método de pago original; suele tardar entre 3 y 5 días laborables. No te preocupes por devolver el producto dañado.',
      ],
      workarounds: [
        'Ahora mismo no tenemos stock de {product} y no habrá más unidades hasta dentro de unas semanas. Te he reservado una unidad de la próxima remesa y, mientras tanto, te he devuelto un 20 % del precio como disculpa. Si prefieres el reembolso completo, solo tienes que decírmelo.',
      ],
      couldNotSolve: [
        'Lo siento: {product} ha dejado de fabricarse, así que no puedo enviarte un repuesto idéntico. En su lugar, te he devuelto {price}. Si quieres, te recomiendo con mucho gusto un modelo parecido que sí tenemos en stock.',
      ],
      onHold: [
        'He enviado las fotos a {carrier} y he pedido al almacén que revise el resto de ese lote. Antes del {weekday} te escribo con una fecha para el repuesto.',
      ],
    },
  },
};

const refundRequest: DemoTopic = {
  id: 'refund-request',
  weight: 9,
  tags: ['refund'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Refund of {price} is above my limit. @{otherAgentFirstName} can you approve?',
    'Customer has returned a few items this year, all in good condition. No concerns.',
  ],
  texts: {
    en: {
      subjects: ['Refund for order {orderNumber}', 'Return and refund', 'Can I send {product} back?'],
      openings: [
        "I'd like to return {product} from order {orderNumber}. It works fine, it's just bigger than I expected and doesn't fit in my kitchen. How do I get a refund?",
        "{Product} from my order {orderNumber} isn't right for me after all. I've barely used it. Can I send it back for a refund?",
        "I ordered {product} as a gift, but it turns out they already have something similar. It's still sealed. What's your returns process?",
      ],
      exchanges: [
        {
          question:
            "Of course. Do you still have the original box? It's not essential, it just helps the item survive the trip back.",
          answer: 'Yes, I kept the box and all the bits that came with it.',
        },
        {
          question:
            'Happy to sort that out. Would you like the money back on your card, or as store credit? Store credit comes with an extra 10%, in case that helps.',
          answer: 'Back on my card, please.',
        },
      ],
      resolutions: [
        "I've emailed you a prepaid return label. Drop the parcel at {carrier} whenever it suits you, and as soon as they scan it I'll refund {price}. No need to wait for it to reach us.",
        "All done: I've refunded {price} to your original payment method; it usually shows within 3–5 working days. The return label is attached, and you can drop the parcel at any {carrier} point.",
      ],
      workarounds: [
        "The 30-day return window for order {orderNumber} closed last week, but I don't want you stuck with something you won't use. Our payment provider won't let me refund the card any more, so I've added {price} to your account as store credit instead. It doesn't expire.",
      ],
      couldNotSolve: [
        "I've looked into it properly: order {orderNumber} was an ex-display item from our outlet sale, and we can't resell those, so I'm not able to refund it this time. What I can do is give you 20% off anything else in the shop, or list it on our pre-loved page for you at no fee. I'm sorry it's not the answer you were hoping for.",
      ],
      onHold: [
        "I've asked the warehouse to release the return label for order {orderNumber}; it went out in two parcels, so someone needs to check it first. I'll send the label over by {weekday} at the latest.",
      ],
    },
    de: {
      subjects: ['Rückerstattung für Bestellung {orderNumber}', 'Rücksendung und Erstattung', 'Rückgabe: {productName}'],
      openings: [
        'Ich würde {productAccusative} aus der Bestellung {orderNumber} gern zurückgeben. Der Artikel funktioniert einwandfrei, ist mir aber zu groß und passt nicht in meine Küche. Wie bekomme ich mein Geld zurück?',
        '{Product} aus meiner Bestellung {orderNumber} ist doch nicht das Richtige für mich. Ich habe den Artikel kaum benutzt. Kann ich ihn gegen Erstattung zurückschicken?',
        'Ich habe {productAccusative} als Geschenk bestellt, aber die Person hat schon etwas Ähnliches. Der Artikel ist noch originalverpackt. Wie läuft eine Rücksendung bei Ihnen?',
      ],
      exchanges: [
        {
          question:
            'Selbstverständlich. Haben Sie noch den Originalkarton? Das ist keine Bedingung, hilft aber, damit der Artikel den Rückweg gut übersteht.',
          answer: 'Ja, den Karton und das ganze Zubehör habe ich noch.',
        },
        {
          question:
            'Das kläre ich gern für Sie. Möchten Sie das Geld auf Ihre Karte zurück oder lieber als Guthaben? Beim Guthaben legen wir 10 % obendrauf, falls das interessant ist.',
          answer: 'Zurück auf die Karte, bitte.',
        },
      ],
      resolutions: [
        'Ich habe Ihnen gerade ein vorfrankiertes Rücksendeetikett per E-Mail geschickt. Geben Sie das Paket einfach bei {carrier} ab, wann es Ihnen passt. Sobald es gescannt ist, erstatte ich Ihnen {price} – Sie müssen nicht warten, bis es bei uns ankommt.',
        'Erledigt: Ich habe Ihnen {price} auf Ihr ursprüngliches Zahlungsmittel erstattet; die Gutschrift erscheint normalerweise innerhalb von drei bis fünf Werktagen. Das Rücksendeetikett finden Sie im Anhang, das Paket können Sie in jeder {carrier}-Filiale abgeben.',
      ],
      workarounds: [
        'Die 30-tägige Rückgabefrist für die Bestellung {orderNumber} ist letzte Woche abgelaufen, aber ich möchte nicht, dass Sie auf etwas sitzen bleiben, das Sie nicht nutzen. Eine Erstattung auf die Karte lässt unser Zahlungsanbieter nicht mehr zu, deshalb habe ich Ihrem Kundenkonto {price} als Guthaben gutgeschrieben. Das Guthaben verfällt nicht.',
      ],
      couldNotSolve: [
        'Ich habe mir das genau angesehen: Die Bestellung {orderNumber} war ein Ausstellungsstück aus unserem Outlet-Verkauf, das wir nicht weiterverkaufen können. Eine Erstattung ist deshalb dieses Mal leider nicht möglich. Was ich Ihnen anbieten kann: 20 % Rabatt auf jeden anderen Artikel im Shop oder eine kostenlose Anzeige auf unserer Second-Hand-Seite. Es tut mir leid, dass ich keine bessere Nachricht habe.',
      ],
      onHold: [
        'Ich habe das Lager gebeten, das Rücksendeetikett für die Bestellung {orderNumber} freizugeben – die Bestellung wurde in zwei Paketen verschickt, deshalb muss kurz jemand drüberschauen. Spätestens am {weekday} schicke ich es Ihnen.',
      ],
    },
    es: {
      subjects: ['Reembolso del pedido {orderNumber}', 'Devolución y reembolso', '¿Puedo devolver un producto?'],
      openings: [
        'Quiero devolver {product} del pedido {orderNumber}. Funciona perfectamente, pero es más grande de lo que pensaba y no me cabe en la cocina. ¿Cómo puedo pedir el reembolso?',
        'Al final, {product} del pedido {orderNumber} no me convence. Apenas he usado el producto. ¿Puedo devolverlo y que me devolváis el dinero?',
        'Compré {product} para regalar, pero resulta que ya tenían algo parecido. El producto sigue precintado. ¿Cómo funcionan las devoluciones?',
      ],
      exchanges: [
        {
          question: '¡Claro! ¿Conservas la caja original? No es imprescindible, pero ayuda a que el producto viaje bien de vuelta.',
          answer: 'Sí, tengo la caja y todos los accesorios.',
        },
        {
          question:
            'Te lo gestiono ahora mismo. ¿Prefieres que te devolvamos el dinero a la tarjeta o en saldo para la tienda? Con el saldo te damos un 10 % extra, por si te interesa.',
          answer: 'A la tarjeta, por favor.',
        },
      ],
      resolutions: [
        'Te acabo de enviar por correo una etiqueta de devolución prepagada. Deja el paquete en {carrier} cuando te venga bien y, en cuanto lo escaneen, te devolveré {price}; no hace falta esperar a que nos llegue.',
        'Hecho: te he devuelto {price} en tu método de pago original; normalmente aparece en 3-5 días laborables. Te adjunto la etiqueta de devolución; puedes dejar el paquete en cualquier punto de {carrier}.',
      ],
      workarounds: [
        'El plazo de devolución de 30 días del pedido {orderNumber} terminó la semana pasada, pero no quiero que te quedes con algo que no vas a usar. Nuestra pasarela de pago ya no me deja hacer el reembolso a la tarjeta, así que te he añadido {price} como saldo en tu cuenta. Ese saldo no caduca.',
      ],
      couldNotSolve: [
        'Lo he revisado con calma: el pedido {orderNumber} era un artículo de exposición de nuestra sección outlet y no podemos volver a venderlo, así que esta vez no puedo hacerte el reembolso. Lo que sí puedo hacer es darte un 20 % de descuento en cualquier otro producto o publicarlo gratis en nuestra sección de segunda mano. Siento no tener mejores noticias.',
      ],
      onHold: [
        'He pedido al almacén que libere la etiqueta de devolución del pedido {orderNumber}; se envió en dos paquetes y alguien tiene que revisarlo antes. Te la mando como muy tarde el {weekday}.',
      ],
    },
  },
};

const wrongItem: DemoTopic = {
  id: 'wrong-item',
  weight: 6,
  tags: ['shipping'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Picking error: the bins for {productName} and {otherProductName} are next to each other. Told the warehouse.',
    'Sent the right item by express, no charge. {otherOrderNumber} may be affected too; checking.',
  ],
  texts: {
    en: {
      subjects: ['Wrong item received', "Order {orderNumber}: not what I ordered", 'You sent me the wrong product'],
      openings: [
        'I ordered {product}, but the parcel I got today contains {otherProductIndefinite}. Order number {orderNumber}. Can you send the right one?',
        'Bit of a mix-up with order {orderNumber}: instead of {product} I got {otherProductIndefinite}. I need it for the weekend. Is there any way to get it to me quickly?',
      ],
      exchanges: [
        {
          question:
            "Sorry about the mix-up, that's our mistake. Could you check the label on the box and tell me which order number is printed on it? I want to make sure nobody else got your item.",
          answer: 'The label says {otherOrderNumber}.',
        },
        {
          question: "Apologies, that one's on us. Is the item you received still sealed? If so, we'll simply swap it.",
          answer: "Yes, it's still in the plastic.",
        },
      ],
      resolutions: [
        "The right item left our warehouse by express today and should arrive by {weekday}. I've emailed you a prepaid label for the one we sent by mistake, or the driver can collect it, whichever is easier.",
        'Your {productName} is on its way (tracking {trackingNumber}, due by {weekday}). Please keep the other item with our apologies: collecting it would cost more than it is worth, and this way you get something nice out of our mix-up.',
      ],
      workarounds: [
        "{Product} is out of stock until next week, so I've reserved the first one from the new delivery for you. You're welcome to keep the item we sent by mistake, and I've refunded your shipping.",
      ],
      couldNotSolve: [
        "I'm sorry: {product} has sold out and the manufacturer has stopped making it, so I can't send the right item. I've refunded {price} in full and emailed a return label for the one we sent by mistake. I'm sorry we got this wrong.",
      ],
      onHold: [
        "I've asked the warehouse to check whether we really still have {product} in stock. The system says there's one left, but I want someone to see it on the shelf before I promise anything. I'll update you by {weekday}.",
      ],
    },
    de: {
      subjects: ['Falscher Artikel geliefert', 'Bestellung {orderNumber}: nicht das, was ich bestellt habe', 'Falsche Ware erhalten'],
      openings: [
        'Ich habe {productAccusative} bestellt, heute aber {otherProductIndefinite} bekommen. Bestellnummer {orderNumber}. Können Sie mir bitte den richtigen Artikel schicken?',
        'Bei der Bestellung {orderNumber} ist etwas schiefgelaufen: Bestellt hatte ich {productAccusative}, bekommen habe ich {otherProductIndefinite}. Ich brauche den Artikel bis zum Wochenende – geht das irgendwie schneller?',
      ],
      exchanges: [
        {
          question:
            'Entschuldigung für die Verwechslung, das war unser Fehler. Könnten Sie kurz auf dem Etikett am Karton nachsehen, welche Bestellnummer dort steht? Ich möchte sicherstellen, dass niemand sonst Ihren Artikel bekommen hat.',
          answer: 'Auf dem Etikett steht {otherOrderNumber}.',
        },
        {
          question: 'Entschuldigung, das geht auf unsere Kappe. Ist der falsche Artikel noch originalverpackt? Dann tauschen wir ihn einfach um.',
          answer: 'Ja, er ist noch in der Folie.',
        },
      ],
      resolutions: [
        'Der richtige Artikel hat heute per Express unser Lager verlassen und sollte bis {weekday} bei Ihnen sein. Für den falschen Artikel habe ich Ihnen ein vorfrankiertes Rücksendeetikett geschickt; alternativ nimmt ihn der Fahrer direkt mit, wie es Ihnen lieber ist.',
        '{Product} ist jetzt unterwegs (Sendungsnummer {trackingNumber}, Zustellung bis {weekday}). Den falschen Artikel behalten Sie bitte mit unseren Entschuldigungen – die Abholung würde mehr kosten, als er wert ist, und so haben Sie wenigstens etwas Schönes von der Verwechslung.',
      ],
      workarounds: [
        '{Product} ist leider erst nächste Woche wieder vorrätig. Ich habe Ihnen das erste Exemplar aus der neuen Lieferung reserviert. Den falschen Artikel dürfen Sie gern behalten, und die Versandkosten habe ich Ihnen erstattet.',
      ],
      couldNotSolve: [
        'Es tut mir leid: {product} ist ausverkauft und wird vom Hersteller nicht mehr produziert, deshalb kann ich Ihnen den richtigen Artikel nicht schicken. Ich habe Ihnen {price} vollständig erstattet und ein Rücksendeetikett für den falschen Artikel geschickt. Es tut mir leid, dass uns dieser Fehler passiert ist.',
      ],
      onHold: [
        'Ich habe das Lager gebeten nachzusehen, ob {product} wirklich noch vorrätig ist. Laut System ist noch ein Exemplar da, aber ich möchte das bestätigt haben, bevor ich Ihnen etwas verspreche. Bis {weekday} melde ich mich.',
      ],
    },
    es: {
      subjects: ['He recibido un producto equivocado', 'Pedido {orderNumber}: no es lo que pedí', 'Error en mi pedido'],
      openings: [
        'Pedí {product}, pero en el paquete que me ha llegado hoy hay {otherProductIndefinite}. El número de pedido es {orderNumber}. ¿Me podéis enviar el artículo correcto?',
        'Ha habido una confusión con el pedido {orderNumber}: en lugar de {product} me ha llegado {otherProductIndefinite}. Necesito el artículo para el fin de semana, ¿hay alguna forma de que me llegue rápido?',
      ],
      exchanges: [
        {
          question:
            'Perdona la confusión, ha sido un error nuestro. ¿Puedes mirar la etiqueta de la caja y decirme qué número de pedido aparece? Quiero asegurarme de que nadie más haya recibido tu artículo.',
          answer: 'En la etiqueta pone {otherOrderNumber}.',
        },
        {
          question: 'Disculpa, es culpa nuestra. ¿El artículo que te llegó sigue precintado? Si es así, lo cambiamos sin más.',
          answer: 'Sí, sigue con el plástico.',
        },
      ],
      resolutions: [
        'El artículo correcto ha salido hoy de nuestro almacén por envío urgente y debería llegarte antes del {weekday}. Te he enviado una etiqueta prepagada para devolver el otro; si lo prefieres, el repartidor también puede recogerlo.',
        '{Product} ya está en camino (seguimiento {trackingNumber}, llega antes del {weekday}). Quédate el otro artículo con nuestras disculpas: recogerlo nos costaría más de lo que vale, y así al menos te llevas algo bonito de esta confusión.',
      ],
      workarounds: [
        'No tendremos stock de {product} hasta la semana que viene. Te he reservado la primera unidad de la nueva remesa. Puedes quedarte el otro artículo y, además, te he devuelto los gastos de envío.',
      ],
      couldNotSolve: [
        'Lo siento: {product} se ha agotado y ha dejado de fabricarse, así que no puedo enviarte el artículo correcto. Te he devuelto los {price} íntegros y te he enviado una etiqueta para devolver el otro. Siento mucho este error.',
      ],
      onHold: [
        'He pedido al almacén que compruebe si de verdad queda stock de {product}: el sistema dice que queda una unidad, pero prefiero que alguien lo confirme antes de prometerte nada. Te escribo antes del {weekday}.',
      ],
    },
  },
};

const discountCode: DemoTopic = {
  id: 'discount-code',
  weight: 7,
  tags: ['billing'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Checkout has been rejecting {discountCode} for several customers since this morning. Raised with our developer.',
    'Personal code {personalCode} created, single use.',
  ],
  texts: {
    en: {
      subjects: ['Discount code not working', 'Code {discountCode} invalid?', 'Problem with promo code'],
      openings: [
        "I'm trying to use the code {discountCode} from your newsletter, but the checkout says it's invalid. I'd like to order {product}. Can you help?",
        "Your code {discountCode} doesn't work. I typed it exactly as it appears in the email and it says 'this code cannot be applied'. Is it still valid?",
      ],
      exchanges: [
        {
          question:
            "Sorry about that. Which items were in your basket when you tried it? Some codes don't apply to machines or to items that are already on sale.",
          answer: 'Just {product}, nothing else.',
        },
        {
          question:
            'Thanks for letting me know. Are you logged into the same account the newsletter was sent to? The code is tied to that email address.',
          answer: 'Yes, same email address. I just checked.',
        },
      ],
      resolutions: [
        "Found it: the code expired a day early because of a typo on our side. I've extended it to the end of the month, so {discountCode} should work now. If you've already paid, send me the order number and I'll refund the discount.",
        "The code didn't apply because {product} is already reduced. That wasn't clear enough in the newsletter, so I've created a personal code for you with the same discount: {personalCode}.",
      ],
      workarounds: [
        "The {discountCode} campaign ended last week and I can't switch it back on, but I've set up a personal 10% code for you: {personalCode}. It works on everything, including {product}.",
      ],
      couldNotSolve: [
        "I'm sorry: {discountCode} is a code for one of our wholesale partners and can't be used in our shop. I know that's frustrating when your basket is already full. Our next newsletter offer goes out on {weekday}, if you'd like to wait for that.",
      ],
      onHold: [
        "Our developer is looking into why codes are being rejected at checkout today; it's not just you. I'll write to you by {weekday} once it's fixed, and I'll make sure you get the discount either way.",
      ],
    },
    de: {
      subjects: ['Rabattcode funktioniert nicht', 'Code {discountCode} ungültig?', 'Problem mit Gutscheincode'],
      openings: [
        'Ich möchte den Code {discountCode} aus Ihrem Newsletter einlösen, aber an der Kasse steht, er sei ungültig. Ich würde gern {productAccusative} bestellen. Können Sie mir helfen?',
        'Ihr Code {discountCode} funktioniert nicht. Ich habe ihn genau so eingegeben, wie er in der E-Mail steht, und bekomme die Meldung „Dieser Code kann nicht angewendet werden“. Ist der noch gültig?',
      ],
      exchanges: [
        {
          question:
            'Das tut mir leid. Welche Artikel lagen denn im Warenkorb, als Sie den Code eingegeben haben? Manche Codes gelten nicht für Maschinen oder bereits reduzierte Artikel.',
          answer: 'Nur {product}, sonst nichts.',
        },
        {
          question:
            'Danke für den Hinweis. Sind Sie mit demselben Kundenkonto angemeldet, an das der Newsletter geschickt wurde? Der Code ist an diese E-Mail-Adresse gebunden.',
          answer: 'Ja, es ist dieselbe E-Mail-Adresse, habe ich gerade nachgeschaut.',
        },
      ],
      resolutions: [
        'Gefunden: Durch einen Tippfehler bei uns ist der Code einen Tag zu früh abgelaufen. Ich habe ihn bis Monatsende verlängert, {discountCode} sollte jetzt also funktionieren. Falls Sie schon bezahlt haben, schicken Sie mir einfach die Bestellnummer, dann erstatte ich Ihnen den Rabatt.',
        'Der Code hat nicht gegriffen, weil {product} bereits reduziert ist. Das stand im Newsletter nicht deutlich genug, deshalb habe ich Ihnen einen persönlichen Code mit demselben Rabatt erstellt: {personalCode}.',
      ],
      workarounds: [
        'Die Aktion mit {discountCode} ist letzte Woche zu Ende gegangen und lässt sich nicht wieder aktivieren. Ich habe Ihnen aber einen persönlichen 10-%-Code eingerichtet: {personalCode}. Er gilt für das gesamte Sortiment, auch für {productAccusative}.',
      ],
      couldNotSolve: [
        'Es tut mir leid: {discountCode} ist ein Code für einen unserer Großhandelspartner und kann in unserem Shop nicht eingelöst werden. Ich weiß, das ist ärgerlich, wenn der Warenkorb schon voll ist. Unser nächstes Newsletter-Angebot kommt am {weekday}, falls Sie so lange warten möchten.',
      ],
      onHold: [
        'Unser Webentwickler prüft gerade, warum heute Codes an der Kasse abgelehnt werden – das Problem betrifft nicht nur Sie. Ich melde mich bis {weekday}, sobald es behoben ist, und sorge dafür, dass Sie den Rabatt in jedem Fall bekommen.',
      ],
    },
    es: {
      subjects: ['El código de descuento no funciona', '¿Código {discountCode} no válido?', 'Problema con un código promocional'],
      openings: [
        'Estoy intentando usar el código {discountCode} de vuestra newsletter, pero al pagar me dice que no es válido. Quería comprar {product}. ¿Me podéis ayudar?',
        'Vuestro código {discountCode} no funciona. Lo he escrito exactamente igual que en el correo y me sale «Este código no se puede aplicar». ¿Sigue siendo válido?',
      ],
      exchanges: [
        {
          question:
            'Vaya, lo siento. ¿Qué productos tenías en el carrito cuando lo probaste? Algunos códigos no se aplican a las máquinas ni a productos que ya están rebajados.',
          answer: 'Solo {product}, nada más.',
        },
        {
          question:
            'Gracias por avisar. ¿Has iniciado sesión con la misma cuenta a la que se envió la newsletter? El código está vinculado a esa dirección de correo.',
          answer: 'Sí, es el mismo correo, lo acabo de comprobar.',
        },
      ],
      resolutions: [
        'Ya lo he encontrado: por una errata nuestra, el código caducó un día antes de lo previsto. Lo he ampliado hasta final de mes, así que {discountCode} ya debería funcionar. Si ya has pagado, mándame el número de pedido y te devuelvo el descuento.',
        'El código no se aplicaba porque {product} ya tiene un descuento. No quedaba suficientemente claro en la newsletter, así que te he creado un código personal con el mismo descuento: {personalCode}.',
      ],
      workarounds: [
        'La promoción de {discountCode} terminó la semana pasada y no puedo volver a activarla, pero te he creado un código personal del 10 %: {personalCode}. Vale para toda la tienda, también para {product}.',
      ],
      couldNotSolve: [
        'Lo siento, {discountCode} es un código de uno de nuestros distribuidores y no se puede usar en nuestra tienda. Entiendo que es un fastidio con el carrito ya preparado. Nuestra próxima oferta de la newsletter sale el {weekday}, por si te interesa esperar.',
      ],
      onHold: [
        'Nuestro desarrollador está revisando por qué hoy se rechazan códigos al pagar; no te pasa solo a ti. Te escribo antes del {weekday} en cuanto esté arreglado y me aseguraré de que se te aplique el descuento en cualquier caso.',
      ],
    },
  },
};

const productQuestion: DemoTopic = {
  id: 'product-question',
  weight: 14,
  tags: ['product-question'],
  urgency: 'low',
  productPool: 'brewing',
  canNudge: true,
  notes: [
    'We get this question a lot. Worth a help-centre article on choosing your first brewing kit.',
    'Sent the starter brew guide PDF as well.',
  ],
  texts: {
    en: {
      subjects: ['Question about the {productName}', 'Quick question before I order', 'Which one should I buy?'],
      openings: [
        "I'm thinking of buying {product}. I mostly make filter coffee for two in the morning, and sometimes an espresso at the weekend. Is it a good fit, or would you recommend something else?",
        "Quick question before I order: is {product} suitable for a beginner? I've never had proper coffee gear and I don't want anything too fiddly.",
      ],
      exchanges: [
        {
          question: 'Happy to help! What are you using to brew at the moment, and roughly how many cups a day do you drink?',
          answer: 'At the moment just a cafetière, usually three or four cups a day between the two of us.',
        },
        {
          question: "Good question! What's your rough budget? That'll help me point you to the right option.",
          answer: "Ideally under €150, but I'd stretch a bit for something that lasts.",
        },
      ],
      resolutions: [
        "From what you've said, {product} will suit you well: it's forgiving for beginners and easy to clean. Our starter brew guide comes free with it, and if it turns out not to be right, you have 30 days to send it back.",
        "Honestly, I'd go for {product}. It's one of the most reliable things we sell and we rarely hear of problems with it. I've also put a 10% welcome code on your account ({personalCode}) in case that helps you decide.",
      ],
      workarounds: [
        "{Product} would be ideal, but it's sold out until next month. I've reserved one for you from the next delivery and put you on the notification list, so you'll hear from us the day it's back.",
      ],
      couldNotSolve: [
        "I've had a proper look and I don't think we stock the right thing for you at the moment: {product} isn't the right tool for that, and I'd rather tell you now than have you send it back later. I'll let you know if we add something suitable.",
      ],
      onHold: [
        "Good question. I've asked the manufacturer for the exact figures so I don't have to guess. They're usually quick; I'll come back to you by {weekday}.",
      ],
    },
    de: {
      subjects: ['Frage: {productName}', 'Kurze Frage vor der Bestellung', 'Welches Produkt passt zu mir?'],
      openings: [
        'Ich überlege, {productAccusative} zu kaufen. Ich mache morgens meistens Filterkaffee für zwei Personen, am Wochenende manchmal einen Espresso. Passt das, oder würden Sie mir etwas anderes empfehlen?',
        'Kurze Frage vor der Bestellung: Ist {product} auch für Anfänger geeignet? Ich hatte noch nie richtiges Kaffeezubehör und möchte nichts, was zu kompliziert ist.',
      ],
      exchanges: [
        {
          question: 'Sehr gern! Womit bereiten Sie Ihren Kaffee im Moment zu, und wie viele Tassen trinken Sie ungefähr am Tag?',
          answer: 'Bisher mit einer einfachen French Press, meistens drei bis vier Tassen am Tag zu zweit.',
        },
        {
          question: 'Gute Frage! Wie hoch ist ungefähr Ihr Budget? Dann kann ich Ihnen gezielter etwas empfehlen.',
          answer: 'Am liebsten unter 150 €, aber für etwas Langlebiges würde ich auch etwas mehr ausgeben.',
        },
      ],
      resolutions: [
        'Nach dem, was Sie beschreiben, passt {product} sehr gut zu Ihnen: Der Artikel verzeiht Anfängerfehler und ist leicht zu reinigen. Unseren Einsteiger-Brühguide bekommen Sie kostenlos dazu, und falls es doch nicht das Richtige ist, haben Sie 30 Tage Zeit für eine Rückgabe.',
        'Ganz ehrlich: Ich würde {productAccusative} nehmen. Das ist einer der zuverlässigsten Artikel in unserem Sortiment, und wir hören fast nie von Problemen. Ich habe Ihnen außerdem einen Willkommenscode über 10 % ins Konto gelegt ({personalCode}), falls Ihnen das die Entscheidung erleichtert.',
      ],
      workarounds: [
        '{Product} wäre ideal, ist aber erst nächsten Monat wieder lieferbar. Ich habe Ihnen ein Exemplar aus der nächsten Lieferung reserviert und Sie auf die Benachrichtigungsliste gesetzt, damit Sie sofort Bescheid bekommen, wenn der Artikel da ist.',
      ],
      couldNotSolve: [
        'Ich habe mir das genau angesehen und glaube, wir haben im Moment nicht das Richtige für Sie: {product} ist dafür nicht gemacht, und ich sage Ihnen das lieber jetzt, als dass Sie den Artikel später zurückschicken müssen. Sobald wir etwas Passendes im Sortiment haben, melde ich mich.',
      ],
      onHold: [
        'Gute Frage – ich habe direkt beim Hersteller nach den genauen Angaben gefragt, damit ich nicht raten muss. Die antworten meistens schnell; ich melde mich bis {weekday} bei Ihnen.',
      ],
    },
    es: {
      subjects: ['Pregunta: {productName}', 'Una duda antes de comprar', 'Consulta sobre un producto'],
      openings: [
        'Estoy pensando en comprar {product}. Por las mañanas suelo hacer café de filtro para dos y, algún fin de semana, un espresso. ¿Me lo recomendáis o hay algo que encaje mejor?',
        'Una pregunta rápida antes de hacer el pedido: ¿{product} sirve para alguien que empieza? Nunca he tenido material de café en condiciones y no quiero algo demasiado complicado.',
      ],
      exchanges: [
        {
          question: '¡Con mucho gusto! ¿Con qué preparas el café ahora mismo y cuántas tazas tomáis más o menos al día?',
          answer: 'Ahora mismo con una cafetera de émbolo normal; entre los dos, unas tres o cuatro tazas al día.',
        },
        {
          question: '¡Buena pregunta! ¿Qué presupuesto tienes más o menos? Así te puedo recomendar algo más concreto.',
          answer: 'Idealmente menos de 150 €, aunque por algo que dure estiraría un poco.',
        },
      ],
      resolutions: [
        'Por lo que me cuentas, {product} te va a ir muy bien: perdona los errores de principiante y se limpia muy fácil. Además, te incluimos gratis nuestra guía de iniciación, y si al final no te convence, tienes 30 días para hacer la devolución.',
        'Sinceramente, yo me quedaría con {product}. Es de lo más fiable que vendemos y casi nunca nos llegan incidencias. Te he dejado además un código de bienvenida del 10 % en tu cuenta ({personalCode}), por si te ayuda a decidirte.',
      ],
      workarounds: [
        '{Product} sería ideal, pero no tendremos stock hasta el mes que viene. Te he reservado una unidad de la próxima remesa y te he apuntado a la lista de aviso, para escribirte en cuanto llegue.',
      ],
      couldNotSolve: [
        'Lo he estado mirando y creo que ahora mismo no tenemos lo que necesitas: {product} no es la herramienta adecuada para eso, y prefiero decírtelo ahora antes de que tengas que hacer una devolución. En cuanto tengamos algo que encaje, te aviso.',
      ],
      onHold: [
        '¡Buena pregunta! Se lo he preguntado directamente al fabricante para darte los datos exactos y no ir a ojo. Suelen contestar rápido; te escribo antes del {weekday}.',
      ],
    },
  },
};

const invoiceRequest: DemoTopic = {
  id: 'invoice-request',
  weight: 6,
  tags: ['billing'],
  urgency: 'low',
  productPool: 'any',
  canNudge: true,
  notes: ['Reverse charge applies: EU business customer outside Ireland.', 'Invoice {invoiceNumber} regenerated with company details.'],
  texts: {
    en: {
      subjects: ['Invoice for order {orderNumber}', 'VAT invoice needed', 'Invoice with company details'],
      openings: [
        "Could you send me a VAT invoice for order {orderNumber}? I need it for my expenses, and our accounts team won't accept the order confirmation.",
        'For order {orderNumber} I need an invoice with our company name and VAT number on it. Is that possible after the order has been placed?',
      ],
      exchanges: [
        {
          question: 'Of course. Which company name, address and VAT number should go on the invoice?',
          answer: 'Please use: {companyName}, {address}. VAT number {vatNumber}.',
        },
        {
          question: 'No problem. Should the invoice go to this email address, or straight to your accounts department?',
          answer: 'This address is fine, thanks.',
        },
      ],
      resolutions: [
        "Here you go: invoice {invoiceNumber} for order {orderNumber} is attached as a PDF, with your company details and the VAT shown separately. You can also download it any time from your account under 'Orders'.",
      ],
      workarounds: [
        "Our invoicing system can't change the billing name on an order that's already been paid, so I've issued a credit note and a new invoice {invoiceNumber} with the right details. Both are attached; your accounts team will need both.",
      ],
      couldNotSolve: [
        "I'm sorry, but order {orderNumber} was placed through a marketplace, and in that case the marketplace issues the invoice, not us. A second invoice from us would be a duplicate, so I can't create one. Their support team can send it to you; the link is below, and it usually takes a day.",
      ],
      onHold: [
        "Invoices with a reverse-charge note are issued by our accountant, and she's next in on {weekday}. I'll send the invoice over that day.",
      ],
    },
    de: {
      subjects: ['Rechnung für Bestellung {orderNumber}', 'Rechnung mit ausgewiesener MwSt. benötigt', 'Rechnung mit Firmenangaben'],
      openings: [
        'Könnten Sie mir bitte eine Rechnung mit ausgewiesener Mehrwertsteuer für die Bestellung {orderNumber} schicken? Unsere Buchhaltung akzeptiert die Bestellbestätigung leider nicht.',
        'Für die Bestellung {orderNumber} bräuchte ich eine Rechnung mit unserem Firmennamen und unserer USt-IdNr. Geht das auch nachträglich?',
      ],
      exchanges: [
        {
          question: 'Selbstverständlich. Welcher Firmenname, welche Anschrift und welche USt-IdNr. sollen auf der Rechnung stehen?',
          answer: 'Bitte: {companyName}, {address}, USt-IdNr. {vatNumber}.',
        },
        {
          question: 'Kein Problem. Soll die Rechnung an diese E-Mail-Adresse gehen oder direkt an Ihre Buchhaltung?',
          answer: 'An diese Adresse, danke.',
        },
      ],
      resolutions: [
        'Bitte schön: Die Rechnung {invoiceNumber} zur Bestellung {orderNumber} finden Sie als PDF im Anhang, mit Ihren Firmenangaben und separat ausgewiesener Mehrwertsteuer. Sie können sie außerdem jederzeit in Ihrem Kundenkonto unter „Bestellungen“ herunterladen.',
      ],
      workarounds: [
        'Unser Rechnungssystem kann den Namen auf einer bereits bezahlten Bestellung nicht ändern. Ich habe deshalb eine Gutschrift und eine neue Rechnung {invoiceNumber} mit den richtigen Angaben erstellt. Beide hängen an; Ihre Buchhaltung braucht beide Dokumente.',
      ],
      couldNotSolve: [
        'Es tut mir leid, aber die Bestellung {orderNumber} wurde über einen Marktplatz aufgegeben, und in diesem Fall stellt der Marktplatz die Rechnung aus, nicht wir. Eine eigene Rechnung wäre ein Duplikat, deshalb kann ich leider keine erstellen. Der Support des Marktplatzes schickt sie Ihnen zu; den Link finden Sie unten, das dauert meist einen Tag.',
      ],
      onHold: [
        'Rechnungen mit Reverse-Charge-Vermerk stellt unsere Buchhalterin aus, und sie ist am {weekday} wieder im Büro. An dem Tag schicke ich Ihnen die Rechnung.',
      ],
    },
    es: {
      subjects: ['Factura del pedido {orderNumber}', 'Necesito una factura con IVA', 'Factura con datos de empresa'],
      openings: [
        '¿Me podéis enviar una factura con el IVA desglosado del pedido {orderNumber}? La necesito para justificar el gasto y en mi empresa no aceptan la confirmación del pedido.',
        'Para el pedido {orderNumber} necesito una factura a nombre de nuestra empresa, con el NIF. ¿Se puede hacer una vez hecho el pedido?',
      ],
      exchanges: [
        {
          question: 'Claro que sí. ¿Qué razón social, dirección y NIF quieres que aparezcan en la factura?',
          answer: 'Estos son los datos: {companyName}, {address}, NIF {vatNumber}.',
        },
        {
          question: 'Sin problema. ¿Te envío la factura a este correo o directamente a vuestro departamento de contabilidad?',
          answer: 'A este correo, gracias.',
        },
      ],
      resolutions: [
        'Aquí la tienes: te adjunto en PDF la factura {invoiceNumber} del pedido {orderNumber}, con los datos de tu empresa y el IVA desglosado. También puedes descargarla cuando quieras desde tu cuenta, en «Pedidos».',
      ],
      workarounds: [
        'Nuestro sistema de facturación no permite cambiar el titular de un pedido que ya está pagado, así que he emitido una factura rectificativa y una nueva factura {invoiceNumber} con los datos correctos. Te adjunto las dos; en contabilidad necesitarán ambas.',
      ],
      couldNotSolve: [
        'Lo siento, pero el pedido {orderNumber} se hizo a través de un marketplace y, en ese caso, la factura la emite el marketplace, no nosotros. Otra factura nuestra sería un duplicado, así que no puedo generarla. Su equipo de atención al cliente te la puede enviar; te dejo el enlace abajo y suele tardar un día.',
      ],
      onHold: [
        'Las facturas con inversión del sujeto pasivo las emite nuestra contable, que vuelve a la oficina el {weekday}. Ese mismo día te envío la factura.',
      ],
    },
  },
};

const addressChange: DemoTopic = {
  id: 'address-change',
  weight: 6,
  tags: ['address-change', 'shipping'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Updated the address on the customer record too, so future orders go to the new one.',
    'Redirect requested with {carrier}, ref {claimNumber}.',
  ],
  texts: {
    en: {
      subjects: ['Change delivery address for {orderNumber}', 'Wrong address on my order', 'Moving house: new delivery address'],
      openings: [
        'I just realised I used my old address for order {orderNumber}. Could you change it to {address} before it ships?',
        "Is it still possible to change the delivery address on order {orderNumber}? I'll be at work all week, so please send it to {address} instead.",
      ],
      exchanges: [
        {
          question:
            'I can do that. Just to be safe, could you confirm the full new address? And is it OK for the driver to call you on the number on your account?',
          answer: "Yes, that's right: {address}. And yes, the number on my account is correct.",
        },
        {
          question:
            "Thanks for catching that in time! Is the new address a business? If so, what are the opening hours, so the driver doesn't turn up when it's closed?",
          answer: "Yes, it's my office. Someone is there 9 to 5, Monday to Friday.",
        },
      ],
      resolutions: [
        "Done: order {orderNumber} will now go to {address}. It hadn't left the warehouse yet, so there's no extra cost and it should still arrive on time.",
        "All sorted. The parcel was already with {carrier}, but I've had it redirected to {address}. That can add a day, so expect it by {weekday}.",
      ],
      workarounds: [
        "The parcel was already out for delivery when I caught it, so I couldn't change the address. I've asked {carrier} to hold it at their depot instead: you can collect it there from {weekday} with tracking number {trackingNumber}.",
      ],
      couldNotSolve: [
        "I'm sorry: by the time I saw your message, the parcel had already been delivered to the old address, and {carrier} can't get it back. If the new residents can't pass it on to you, let me know and I'll see what I can do.",
      ],
      onHold: [
        "The parcel is already with {carrier}, and I've asked them to redirect it to {address}. They confirm redirects within a working day, so I'll let you know by {weekday}.",
      ],
    },
    de: {
      subjects: ['Lieferadresse für {orderNumber} ändern', 'Falsche Adresse in meiner Bestellung', 'Umzug: neue Lieferadresse'],
      openings: [
        'Mir ist gerade aufgefallen, dass ich bei der Bestellung {orderNumber} noch meine alte Adresse angegeben habe. Könnten Sie die Lieferadresse bitte in {address} ändern, bevor das Paket rausgeht?',
        'Kann ich bei der Bestellung {orderNumber} noch die Lieferadresse ändern? Ich bin die ganze Woche im Büro, bitte schicken Sie das Paket stattdessen an {address}.',
      ],
      exchanges: [
        {
          question:
            'Das mache ich gern. Zur Sicherheit: Könnten Sie mir die neue Adresse noch einmal vollständig bestätigen? Und darf der Fahrer Sie unter der Nummer in Ihrem Kundenkonto anrufen?',
          answer: 'Ja, genau: {address}. Und ja, die Nummer im Konto stimmt.',
        },
        {
          question:
            'Danke, dass Sie rechtzeitig Bescheid geben! Ist die neue Adresse eine Firma? Dann nennen Sie mir bitte die Öffnungszeiten, damit der Fahrer nicht vor verschlossener Tür steht.',
          answer: 'Ja, das ist mein Büro. Montag bis Freitag ist von 9 bis 17 Uhr jemand da.',
        },
      ],
      resolutions: [
        'Erledigt: Die Bestellung {orderNumber} geht jetzt an {address}. Das Paket war noch nicht verschickt, es entstehen also keine Zusatzkosten, und die Lieferung sollte pünktlich ankommen.',
        'Alles geklärt. Das Paket war schon bei {carrier}, aber ich habe es an {address} umleiten lassen. Das kann einen Tag länger dauern, rechnen Sie also mit der Zustellung bis {weekday}.',
      ],
      workarounds: [
        'Das Paket war schon in der Zustellung, als ich es gesehen habe, deshalb ließ sich die Adresse nicht mehr ändern. Ich habe {carrier} gebeten, es stattdessen in der Filiale zu hinterlegen: Sie können es dort ab {weekday} mit der Sendungsnummer {trackingNumber} abholen.',
      ],
      couldNotSolve: [
        'Es tut mir leid: Als ich Ihre Nachricht gesehen habe, war das Paket schon an die alte Adresse zugestellt, und {carrier} kann es nicht zurückholen. Falls die neuen Bewohner es Ihnen nicht weitergeben können, sagen Sie mir bitte Bescheid – dann schaue ich, was ich tun kann.',
      ],
      onHold: [
        'Das Paket ist bereits bei {carrier}, und ich habe eine Umleitung an {address} beantragt. Umleitungen werden innerhalb eines Werktags bestätigt, ich gebe Ihnen also bis {weekday} Bescheid.',
      ],
    },
    es: {
      subjects: ['Cambiar la dirección de entrega del pedido {orderNumber}', 'Dirección equivocada en mi pedido', 'Me mudo: nueva dirección de entrega'],
      openings: [
        'Me acabo de dar cuenta de que en el pedido {orderNumber} puse mi dirección antigua. ¿Podéis cambiarla a {address} antes de que salga?',
        '¿Todavía se puede cambiar la dirección de entrega del pedido {orderNumber}? Voy a estar toda la semana en la oficina, así que mejor enviadlo a {address}.',
      ],
      exchanges: [
        {
          question:
            'Claro, sin problema. Para asegurarme, ¿me confirmas la dirección nueva completa? ¿Y puede llamarte el repartidor al teléfono que tienes en tu cuenta?',
          answer: 'Sí, es {address}. Y sí, el teléfono de la cuenta es correcto.',
        },
        {
          question:
            '¡Gracias por avisar a tiempo! ¿La nueva dirección es de una empresa? Si es así, dime el horario para que el repartidor no se encuentre cerrado.',
          answer: 'Sí, es mi oficina. Hay alguien de lunes a viernes, de 9:00 a 17:00.',
        },
      ],
      resolutions: [
        'Hecho: el pedido {orderNumber} se enviará a {address}. Todavía no había salido del almacén, así que no tiene coste adicional y debería llegar en el plazo previsto.',
        'Todo listo. El paquete ya estaba en manos de {carrier}, pero he pedido que lo desvíen a {address}. Eso puede añadir un día, así que cuenta con recibirlo antes del {weekday}.',
      ],
      workarounds: [
        'El paquete ya estaba en reparto cuando lo vi, así que no pude cambiar la dirección. He pedido a {carrier} que lo deje en su punto de recogida: puedes recogerlo a partir del {weekday} con el número de seguimiento {trackingNumber}.',
      ],
      couldNotSolve: [
        'Lo siento: cuando vi tu mensaje, el paquete ya se había entregado en la dirección antigua y {carrier} no puede recuperarlo. Si los nuevos inquilinos no te lo pueden hacer llegar, dímelo y veré qué puedo hacer.',
      ],
      onHold: [
        'El paquete ya está con {carrier} y he solicitado que lo desvíen a {address}. Suelen confirmar los desvíos en un día laborable, así que te digo algo antes del {weekday}.',
      ],
    },
  },
};

const subscription: DemoTopic = {
  id: 'subscription',
  weight: 8,
  tags: ['subscription'],
  urgency: 'normal',
  productPool: 'any',
  canNudge: true,
  notes: [
    "Long-time subscriber, with us since launch. Let's add a sample of the new single origin to the next bag.",
    'Changed in the subscription admin; confirmation email sent automatically.',
  ],
  texts: {
    en: {
      subjects: ['Pause my subscription', 'Question about my coffee subscription', 'Change to my subscription'],
      openings: [
        "I'm going away for a few weeks. Can I pause my Roaster's Choice subscription so no bag arrives while I'm away?",
        "I'd like to switch my subscription from whole beans to ground coffee for a cafetière. And could it come every three weeks instead of every two?",
      ],
      exchanges: [
        {
          question: 'Of course! Should the change start with your next delivery, or from a later date? Your next bag is roasted on {weekday}.',
          answer: 'From the next one, please.',
        },
        {
          question: "Sure. Just to check: is this for the subscription that's delivered to {address}?",
          answer: "Yes, that's the one.",
        },
      ],
      resolutions: [
        "Done! I've updated your Roaster's Choice subscription as you asked. The change applies from the delivery on {deliveryDate}, and you'll get a confirmation email shortly. You can also manage it yourself under 'My subscription' any time.",
      ],
      workarounds: [
        "Our subscription system can't make that exact change, so I've done it another way: I've paused your current subscription and created a new one with your settings, starting on {deliveryDate}. You won't be charged twice.",
      ],
      couldNotSolve: [
        "I'm sorry: this month's bag had already been roasted and paid for when your message came in, so I can't change that one. Everything after it is updated. As a small thank-you for your patience, I'm adding a free pack of filter papers to it.",
      ],
      onHold: [
        "I've passed this to our subscriptions team. They roast on {weekday} and will confirm the change before then; I'll let you know as soon as they do.",
      ],
    },
    de: {
      subjects: ['Abo pausieren', 'Frage zu meinem Kaffee-Abo', 'Änderung meines Abos'],
      openings: [
        'Ich bin ein paar Wochen verreist. Kann ich mein Roaster’s-Choice-Abo pausieren, damit in der Zeit keine Packung kommt?',
        'Ich würde mein Abo gern von ganzen Bohnen auf gemahlenen Kaffee für die French Press umstellen. Und geht die Lieferung auch alle drei statt alle zwei Wochen?',
      ],
      exchanges: [
        {
          question:
            'Sehr gern! Soll die Änderung ab der nächsten Lieferung gelten oder erst ab einem späteren Termin? Ihre nächste Packung wird am {weekday} geröstet.',
          answer: 'Ab der nächsten Lieferung, bitte.',
        },
        {
          question: 'Kein Problem. Nur zur Sicherheit: Geht es um das Abo, das an {address} geliefert wird?',
          answer: 'Ja, genau das.',
        },
      ],
      resolutions: [
        'Erledigt! Ich habe Ihr Roaster’s-Choice-Abo wie gewünscht angepasst. Die Änderung gilt ab der Lieferung am {deliveryDate}, eine Bestätigung bekommen Sie gleich per E-Mail. Unter „Mein Abo“ können Sie das übrigens jederzeit auch selbst ändern.',
      ],
      workarounds: [
        'Genau diese Änderung kann unser Abo-System leider nicht abbilden, deshalb habe ich es anders gelöst: Ich habe Ihr aktuelles Abo pausiert und ein neues mit Ihren Wunscheinstellungen angelegt, das am {deliveryDate} startet. Sie werden nicht doppelt belastet.',
      ],
      couldNotSolve: [
        'Es tut mir leid: Die Packung für diesen Monat war schon geröstet und bezahlt, als Ihre Nachricht ankam, daran kann ich leider nichts mehr ändern. Alle folgenden Lieferungen sind angepasst. Als kleines Dankeschön für Ihr Verständnis lege ich Ihnen eine Packung Filterpapier gratis bei.',
      ],
      onHold: [
        'Ich habe das an unser Abo-Team weitergegeben. Geröstet wird am {weekday}; bis dahin bestätigen die Kollegen die Änderung, und ich gebe Ihnen sofort Bescheid.',
      ],
    },
    es: {
      subjects: ['Pausar mi suscripción', 'Duda sobre mi suscripción de café', 'Cambio en mi suscripción'],
      openings: [
        'Me voy de viaje unas semanas. ¿Puedo pausar mi suscripción Roaster’s Choice para que no me llegue ningún paquete mientras estoy fuera?',
        'Me gustaría cambiar mi suscripción de café en grano a café molido para cafetera italiana. ¿Y se puede recibir cada tres semanas en lugar de cada dos?',
      ],
      exchanges: [
        {
          question:
            '¡Claro! ¿Quieres que el cambio se aplique desde el próximo envío o a partir de una fecha posterior? Tu próximo paquete se tuesta el {weekday}.',
          answer: 'Desde el próximo envío, por favor.',
        },
        {
          question: 'Sin problema. Solo para confirmar: ¿es la suscripción que se envía a {address}?',
          answer: 'Sí, esa misma.',
        },
      ],
      resolutions: [
        '¡Hecho! He actualizado tu suscripción Roaster’s Choice tal como me pedías. El cambio se aplica desde el envío del {deliveryDate} y en un momento te llegará un correo de confirmación. Por cierto, también puedes gestionarla tú cuando quieras desde «Mi suscripción».',
      ],
      workarounds: [
        'Nuestro sistema de suscripciones no permite hacer exactamente ese cambio, así que lo he resuelto de otra forma: he pausado tu suscripción actual y he creado una nueva con tus preferencias, que empieza el {deliveryDate}. No se te cobrará dos veces.',
      ],
      couldNotSolve: [
        'Lo siento: el paquete de este mes ya estaba tostado y cobrado cuando llegó tu mensaje, así que ese no puedo cambiarlo. Todos los siguientes ya están actualizados. Como pequeño detalle por tu paciencia, te incluyo gratis un paquete de filtros de papel.',
      ],
      onHold: [
        'Se lo he pasado a nuestro equipo de suscripciones. Tuestan el {weekday} y antes de ese día confirmarán el cambio; en cuanto lo hagan, te aviso.',
      ],
    },
  },
};

const warrantyRepair: DemoTopic = {
  id: 'warranty-repair',
  weight: 7,
  tags: ['warranty'],
  urgency: 'normal',
  productPool: 'appliance',
  canNudge: true,
  notes: [
    'Within warranty, bought {orderDate}. Repair centre ticket {claimNumber}.',
    'Known issue with the early batch of the {productName}: replace, do not repair.',
  ],
  texts: {
    en: {
      subjects: ['{ProductName} stopped working', 'Warranty claim: {productName}', 'Repair for my {productName}'],
      openings: [
        'My {productName} stopped working this morning. I bought it from you on {orderDate} (order {orderNumber}), so I think it should still be under warranty. What are my options?',
        "My {productName}, bought from you last year, started making a grinding noise a few days ago and now it won't switch on at all. Can it be repaired under warranty?",
      ],
      exchanges: [
        {
          question:
            "Sorry to hear that. What happens when you switch it on: do any lights come on, do you hear anything, or is there nothing at all? A short video would be perfect if that's easy.",
          answer: 'The light comes on for a second and then goes off. Nothing else happens. Video attached.',
        },
        {
          question: "That doesn't sound right. Have you tried a different socket, just to rule that out?",
          answer: 'Yes, tried two different sockets. Same thing.',
        },
      ],
      resolutions: [
        "That sounds like an electronics fault, which the two-year warranty covers. I've emailed you a prepaid label: send the {productName} back and we'll repair or replace it within about a week. If you need a loan machine in the meantime, just say.",
        "Good news: the fault is covered by the warranty, so I've sent you a brand-new {productName}. It should arrive by {weekday}. Please send the faulty one back in the same box; the label is inside.",
      ],
      workarounds: [
        "The part needed for the repair is on back order, so I've sent you a loan machine to use until it arrives. As soon as your {productName} is fixed, we'll swap them back at no cost.",
      ],
      couldNotSolve: [
        "I'm sorry: the repair centre found water damage inside, which the warranty doesn't cover, so I can't have it repaired for free. I know that's disappointing. I can offer you 25% off a new one, or the repair at the centre's quote of {repairPrice} if you'd rather keep it.",
      ],
      onHold: [
        "Your {productName} has arrived at the repair centre. They're running tests and have promised a diagnosis by {weekday}. I'll be in touch as soon as I hear.",
      ],
    },
    de: {
      subjects: ['{ProductName} funktioniert nicht mehr', 'Garantiefall: {productName}', 'Reparatur: {productName}'],
      openings: [
        '{Product} funktioniert seit heute Morgen nicht mehr. Ich habe das Gerät am {orderDate} bei Ihnen gekauft (Bestellung {orderNumber}), es müsste also noch unter die Garantie fallen. Welche Möglichkeiten habe ich?',
        'Mein Gerät ({productName}, letztes Jahr bei Ihnen gekauft) macht seit ein paar Tagen ein schleifendes Geräusch und lässt sich jetzt gar nicht mehr einschalten. Kann das im Rahmen der Garantie repariert werden?',
      ],
      exchanges: [
        {
          question:
            'Das tut mir leid. Was passiert genau, wenn Sie das Gerät einschalten: Leuchtet etwas auf, hören Sie ein Geräusch, oder passiert gar nichts? Ein kurzes Video wäre ideal, falls das unkompliziert geht.',
          answer: 'Die Lampe geht kurz an und dann wieder aus. Sonst passiert nichts. Ein Video habe ich angehängt.',
        },
        {
          question: 'Das klingt nicht gut. Haben Sie schon eine andere Steckdose ausprobiert, nur um das auszuschließen?',
          answer: 'Ja, zwei verschiedene Steckdosen, überall das Gleiche.',
        },
      ],
      resolutions: [
        'Das klingt nach einem Defekt an der Elektronik, und der ist durch die zweijährige Garantie abgedeckt. Ich habe Ihnen ein vorfrankiertes Rücksendeetikett geschickt: Schicken Sie uns das Gerät, und wir reparieren oder ersetzen es innerhalb von etwa einer Woche. Wenn Sie in der Zwischenzeit ein Leihgerät brauchen, sagen Sie einfach Bescheid.',
        'Gute Nachrichten: Der Defekt fällt unter die Garantie, deshalb habe ich Ihnen ein neues Gerät geschickt. Es sollte bis {weekday} ankommen. Bitte schicken Sie das defekte Gerät im selben Karton zurück – das Etikett liegt bei.',
      ],
      workarounds: [
        'Das Ersatzteil für die Reparatur ist gerade nicht lieferbar. Bis es da ist, habe ich Ihnen ein Leihgerät geschickt. Sobald Ihr Gerät repariert ist, tauschen wir kostenlos zurück.',
      ],
      couldNotSolve: [
        'Es tut mir leid: Die Werkstatt hat im Inneren einen Wasserschaden festgestellt, und der ist von der Garantie nicht abgedeckt. Eine kostenlose Reparatur ist deshalb leider nicht möglich. Ich weiß, das ist enttäuschend. Ich kann Ihnen 25 % Rabatt auf ein neues Gerät anbieten oder die Reparatur zum Kostenvoranschlag der Werkstatt von {repairPrice} durchführen lassen.',
      ],
      onHold: [
        'Ihr Gerät ist in der Werkstatt angekommen. Dort laufen gerade die Tests, eine Diagnose ist bis {weekday} zugesagt. Ich melde mich, sobald ich etwas höre.',
      ],
    },
    es: {
      subjects: ['{ProductName}: ha dejado de funcionar', 'Garantía: {productName}', 'Reparación de un aparato'],
      openings: [
        '{Product} ha dejado de funcionar esta mañana. La compra la hice el {orderDate} (pedido {orderNumber}), así que creo que sigue en garantía. ¿Qué opciones tengo?',
        'Mi aparato ({productName}, comprado el año pasado en vuestra tienda) lleva unos días haciendo un ruido raro y ahora ya no se enciende. ¿Se puede reparar por garantía?',
      ],
      exchanges: [
        {
          question:
            'Siento mucho oír eso. ¿Qué pasa exactamente al encender el aparato: se ilumina algo, hace algún ruido o no pasa nada? Si te resulta fácil, un vídeo corto sería perfecto.',
          answer: 'La luz se enciende un segundo y se apaga. No pasa nada más. Te adjunto un vídeo.',
        },
        {
          question: 'Eso no suena bien. ¿Has probado a enchufarlo en otro enchufe, para descartar que sea eso?',
          answer: 'Sí, lo he probado en dos enchufes distintos y pasa lo mismo.',
        },
      ],
      resolutions: [
        'Parece una avería en la electrónica, y eso lo cubre la garantía de dos años. Te he enviado una etiqueta de devolución prepagada: mándanos el aparato y lo reparamos o lo cambiamos en una semana, más o menos. Si mientras tanto necesitas uno de préstamo, dímelo.',
        '¡Buenas noticias! La avería está cubierta por la garantía, así que te he enviado un aparato nuevo. Debería llegarte antes del {weekday}. Por favor, devuélvenos el averiado en la misma caja; la etiqueta va dentro.',
      ],
      workarounds: [
        'La pieza que hace falta para la reparación está pendiente de recibir, así que, hasta que llegue, te he enviado un aparato de préstamo. En cuanto el tuyo esté reparado, los intercambiamos sin coste.',
      ],
      couldNotSolve: [
        'Lo siento: el servicio técnico ha encontrado daños por agua en el interior, y eso no lo cubre la garantía, así que no puedo hacer la reparación gratis. Sé que es una decepción. Puedo ofrecerte un 25 % de descuento en uno nuevo o la reparación por el presupuesto del servicio técnico, {repairPrice}.',
      ],
      onHold: [
        'Tu aparato ya ha llegado al servicio técnico. Están haciendo pruebas y nos han prometido un diagnóstico antes del {weekday}. Te escribo en cuanto sepa algo.',
      ],
    },
  },
};

const angryComplaint: DemoTopic = {
  id: 'angry-complaint',
  weight: 5,
  tags: ['complaint', 'shipping'],
  urgency: 'high',
  productPool: 'any',
  canNudge: true,
  notes: [
    'Two earlier emails from this customer were caught by the spam filter. Our mistake: own it, offer refund or replacement.',
    '@{otherAgentFirstName} heads-up: possible chargeback on {orderNumber}.',
    "Called the customer; much calmer now. Explained what went wrong and what we're doing about it.",
  ],
  texts: {
    en: {
      subjects: ['Absolutely unacceptable', 'Third time asking, still no reply', 'Worst customer service I have ever had'],
      openings: [
        "This is the third time I'm writing about order {orderNumber} and nobody has bothered to answer. I paid {price} for {product} and I still have nothing. If I don't hear back today I'm disputing the charge with my bank.",
        "Honestly, I'm furious. {Product} arrived late, the box was soaking wet, and when I called nobody picked up. I expected a lot better from a shop that charges these prices. Order {orderNumber}.",
      ],
      exchanges: [
        {
          question:
            "You're right to be upset, and I'm sorry: we should have answered you the first time. I want to fix this today. Would you prefer a replacement or a full refund?",
          answer: "A replacement, if it actually arrives this week. Otherwise I want my money back.",
        },
        {
          question:
            "I'm sorry. That's not the experience anyone should have with us, and not replying was our failure, not yours. Could you give me a good time to call? I'd like to sort this out with you directly.",
          answer: 'Fine. You can reach me this afternoon on the number in my account.',
        },
      ],
      resolutions: [
        "I'm sorry again: we let you down twice, first with the delivery and then by not answering. Here's what I've done: a new {productName} left today by express and will be with you by {weekday} (tracking {trackingNumber}), and I've refunded 20% of your order as an apology. From now on I'm looking after this order personally, so just reply to me directly if anything else goes wrong.",
        "Thank you for your patience with us. I've refunded the full {price}; you'll see it within 3–5 working days, and there's nothing you need to send back. I've also shared what happened with the whole team, so that no message like yours goes unanswered again.",
      ],
      workarounds: [
        "{Product} is out of stock, so I can't send a new one straight away. I've refunded 30% of the price now as an apology and reserved the first one from our next delivery for you, due on {weekday}. I'll email you personally the day it ships.",
      ],
      couldNotSolve: [
        "I've done everything I can with {carrier}, but they won't accept a claim for this delivery, so the only thing left for me to do is refund you in full, which I've done ({price}). I'm sorry we couldn't make this right in a better way. I've shared your feedback with the whole team so it doesn't happen again.",
      ],
      onHold: [
        "I'm sorry, you should have heard from us long before now. I've taken this over personally and asked {carrier} for an urgent trace on order {orderNumber}. I'll get back to you by {weekday} with a concrete answer, whatever they say.",
      ],
      nudges: ['Still nothing?! This is ridiculous.', 'Hello?? Is anyone actually reading these messages?'],
    },
    de: {
      subjects: ['Absolut inakzeptabel', 'Dritte Anfrage – immer noch keine Antwort!', 'So einen Service habe ich noch nie erlebt'],
      openings: [
        'Das ist jetzt meine dritte Nachricht wegen der Bestellung {orderNumber}, und niemand hat es für nötig gehalten zu antworten. Ich habe {price} für {productAccusative} bezahlt und habe immer noch nichts. Wenn ich heute nichts von Ihnen höre, lasse ich die Zahlung über meine Bank zurückbuchen.',
        'Ich bin ehrlich gesagt stinksauer. {Product} kam zu spät, der Karton war völlig durchnässt, und als ich angerufen habe, ist niemand rangegangen. Bei Ihren Preisen hätte ich deutlich mehr erwartet. Bestellung {orderNumber}.',
      ],
      exchanges: [
        {
          question:
            'Sie haben völlig recht, sich zu ärgern, und es tut mir leid – wir hätten Ihnen schon beim ersten Mal antworten müssen. Ich möchte das heute noch lösen. Wäre Ihnen ein Ersatz lieber oder eine vollständige Erstattung?',
          answer: 'Ein Ersatz, wenn er diese Woche tatsächlich ankommt. Sonst will ich mein Geld zurück.',
        },
        {
          question:
            'Es tut mir leid: So etwas sollte niemand bei uns erleben, und dass wir nicht geantwortet haben, war unser Fehler, nicht Ihrer. Wann passt Ihnen ein Anruf? Ich würde das gern direkt mit Ihnen klären.',
          answer: 'Meinetwegen. Heute Nachmittag bin ich unter der Nummer in meinem Kundenkonto erreichbar.',
        },
      ],
      resolutions: [
        'Es tut mir noch einmal leid: Wir haben Sie gleich zweimal enttäuscht, erst bei der Lieferung und dann, weil niemand geantwortet hat. Das habe ich getan: {Product} ist heute per Express neu rausgegangen und bis {weekday} bei Ihnen (Sendungsnummer {trackingNumber}), und ich habe Ihnen als Entschuldigung 20 % des Bestellwerts erstattet. Ab jetzt kümmere ich mich persönlich um diese Bestellung – antworten Sie einfach direkt mir, falls noch etwas schiefgeht.',
        'Danke für Ihre Geduld mit uns. Ich habe Ihnen die vollen {price} erstattet – der Betrag ist in drei bis fünf Werktagen auf Ihrem Konto –, und Sie müssen nichts zurückschicken. Außerdem habe ich dem ganzen Team erzählt, was passiert ist, damit Nachrichten wie Ihre nicht mehr unbeantwortet bleiben.',
      ],
      workarounds: [
        '{Product} ist leider ausverkauft, deshalb kann ich Ihnen nicht sofort Ersatz schicken. Ich habe Ihnen als Entschuldigung schon jetzt 30 % des Preises erstattet und Ihnen das erste Exemplar aus unserer nächsten Lieferung reserviert, die am {weekday} kommt. Am Tag des Versands schreibe ich Ihnen persönlich.',
      ],
      couldNotSolve: [
        'Ich habe bei {carrier} alles versucht, aber für diese Sendung wird keine Reklamation anerkannt. Das Einzige, was mir bleibt, ist Ihnen den vollen Betrag zu erstatten, und das habe ich getan ({price}). Es tut mir leid, dass wir das nicht besser lösen konnten. Ich habe Ihr Feedback mit dem ganzen Team geteilt, damit so etwas nicht wieder passiert.',
      ],
      onHold: [
        'Es tut mir leid, Sie hätten längst von uns hören müssen. Ich habe die Sache persönlich übernommen und bei {carrier} eine dringende Nachforschung zur Bestellung {orderNumber} beauftragt. Bis {weekday} melde ich mich mit einer konkreten Antwort, egal was dabei herauskommt.',
      ],
      nudges: ['Immer noch nichts?! Das ist doch lächerlich.', 'Hallo?? Liest hier überhaupt jemand meine Nachrichten?'],
    },
    es: {
      subjects: ['Totalmente inaceptable', 'Tercera vez que escribo y sin respuesta', 'Pésima atención al cliente'],
      openings: [
        'Es la tercera vez que escribo por el pedido {orderNumber} y nadie se ha molestado en contestar. Pagué {price} por {product} y sigo sin tener nada. Si hoy no tengo respuesta, voy a reclamar el cargo a mi banco.',
        'Sinceramente, esto me parece indignante. {Product} llegó tarde, la caja estaba empapada y, cuando llamé, nadie cogió el teléfono. Con los precios que tenéis, esperaba mucho más. Pedido {orderNumber}.',
      ],
      exchanges: [
        {
          question:
            'Tienes toda la razón y lo siento muchísimo: deberíamos haberte contestado la primera vez. Quiero solucionarlo hoy mismo. ¿Prefieres que te enviemos un repuesto o que te devolvamos el importe completo?',
          answer: 'Un repuesto, si de verdad llega esta semana. Si no, quiero que me devolváis el dinero.',
        },
        {
          question:
            'Lo siento: nadie debería pasar por esto con nosotros, y no contestarte fue un fallo nuestro, no tuyo. ¿A qué hora te viene bien que te llame? Me gustaría resolverlo contigo directamente.',
          answer: 'Vale. Esta tarde me podéis llamar al número que tengo en la cuenta.',
        },
      ],
      resolutions: [
        'Te pido disculpas de nuevo: te hemos fallado dos veces, primero con la entrega y luego al no contestarte. Esto es lo que he hecho: hoy te he enviado por urgente otra unidad de {product}, que te llegará antes del {weekday} (seguimiento {trackingNumber}), y te he devuelto un 20 % del pedido como disculpa. A partir de ahora me encargo personalmente de este pedido, así que, si algo más falla, respóndeme directamente.',
        'Gracias por tu paciencia. Te he devuelto los {price} íntegros (los verás en 3-5 días laborables) y no tienes que devolvernos nada. Además, he compartido lo ocurrido con todo el equipo para que ningún mensaje como el tuyo se quede sin respuesta.',
      ],
      workarounds: [
        'No nos queda stock de {product}, así que no puedo enviarte otra unidad ahora mismo. Como disculpa, ya te he devuelto un 30 % del precio y te he reservado la primera unidad de la próxima remesa, que llega el {weekday}. El día que salga, te escribo personalmente.',
      ],
      couldNotSolve: [
        'He hecho todo lo posible con {carrier}, pero no aceptan la reclamación de este envío, así que lo único que me queda es devolverte el importe completo, y ya lo he hecho ({price}). Siento no haberlo podido resolver mejor. He compartido tu opinión con todo el equipo para que no vuelva a pasar.',
      ],
      onHold: [
        'Lo siento, deberías haber tenido noticias nuestras hace mucho. Me he hecho cargo personalmente y he pedido a {carrier} un rastreo urgente del pedido {orderNumber}. Antes del {weekday} te escribo con una respuesta concreta, digan lo que digan.',
      ],
      nudges: ['¿¡Todavía nada!? Esto es de risa.', '¿Hola? ¿Alguien lee estos mensajes?'],
    },
  },
};

const praise: DemoTopic = {
  id: 'praise',
  weight: 5,
  tags: ['praise'],
  urgency: 'low',
  productPool: 'any',
  canNudge: false,
  notes: ['Shared on the praise wall.', "Let's add a free sample to this customer's next order."],
  texts: {
    en: {
      subjects: ['Thank you!', 'Love my {productName}', 'Just wanted to say thanks'],
      openings: [
        "Just wanted to say {product} arrived yesterday and it's brilliant. My morning coffee has never been better. Thanks for the quick delivery and the handwritten note in the box!",
        "I had a problem with an order last month and {agentFirstName} sorted it out so kindly. I've already recommended you to three friends. Keep it up!",
      ],
      exchanges: [
        {
          question: 'This made our day, thank you! Would you mind if we shared your message (first name only) on our website?',
          answer: 'Of course, go ahead!',
        },
      ],
      resolutions: [
        "Thank you so much for taking the time to write. I've shared your message with the whole team, and it's up on our praise wall now. Enjoy the coffee!",
        "Thank you! Messages like yours are the best part of the job. I've passed it on to everyone here, and there'll be a little something extra in your next order.",
      ],
    },
    de: {
      subjects: ['Vielen Dank!', 'Begeistert: {productName}', 'Einfach mal Danke sagen'],
      openings: [
        'Ich wollte nur kurz sagen: {Product} ist gestern angekommen und ist großartig. Mein Morgenkaffee war noch nie so gut. Danke für den schnellen Versand und die handgeschriebene Karte im Paket!',
        'Ich hatte letzten Monat ein Problem mit einer Bestellung, und {agentFirstName} hat sich so freundlich darum gekümmert. Ich habe Sie schon drei Freunden empfohlen. Weiter so!',
      ],
      exchanges: [
        {
          question: 'Das hat uns den Tag versüßt, vielen Dank! Dürften wir Ihre Nachricht (nur mit Vornamen) auf unserer Website teilen?',
          answer: 'Klar, sehr gern!',
        },
      ],
      resolutions: [
        'Vielen Dank, dass Sie sich die Zeit genommen haben, uns zu schreiben. Ich habe Ihre Nachricht mit dem ganzen Team geteilt – sie hängt jetzt an unserer Lob-Wand. Genießen Sie Ihren Kaffee!',
        'Danke schön! Nachrichten wie Ihre sind das Schönste an unserer Arbeit. Ich habe sie an alle hier weitergegeben, und in Ihrer nächsten Bestellung liegt eine kleine Überraschung.',
      ],
    },
    es: {
      subjects: ['¡Muchas gracias!', 'Me encanta: {productName}', 'Solo quería daros las gracias'],
      openings: [
        'Solo quería deciros que ayer me llegó {product} y es una maravilla. Nunca había tomado un café tan bueno por la mañana. ¡Gracias por el envío tan rápido y por la nota escrita a mano!',
        'El mes pasado tuve un problema con un pedido y {agentFirstName} me lo solucionó con muchísima amabilidad. Ya os he recomendado a tres amigos. ¡Seguid así!',
      ],
      exchanges: [
        {
          question: '¡Nos has alegrado el día, muchas gracias! ¿Te importaría que compartiéramos tu mensaje (solo con tu nombre de pila) en nuestra web?',
          answer: '¡Claro, adelante!',
        },
      ],
      resolutions: [
        'Muchas gracias por tomarte el tiempo de escribirnos. He compartido tu mensaje con todo el equipo y ya está colgado en nuestro muro de agradecimientos. ¡Que disfrutes del café!',
        '¡Gracias! Mensajes como el tuyo son lo mejor de este trabajo. Se lo he pasado a todo el equipo y en tu próximo pedido irá una pequeña sorpresa.',
      ],
    },
  },
};

export const demoTopics: NonEmptyList<DemoTopic> = [
  whereIsMyOrder,
  damagedItem,
  refundRequest,
  wrongItem,
  discountCode,
  productQuestion,
  invoiceRequest,
  addressChange,
  subscription,
  warrantyRepair,
  angryComplaint,
  praise,
];

// ---------------------------------------------------------------------------------------------------
// The shop's catalogue, customers' regions and business customers.

export type DemoTier = 'standard' | 'priority' | 'enterprise';

export interface OrganisationProfile {
  name: string;
  domain: string;
  /** Everyone at the organisation writes in this language and shares its tier. */
  language: DemoLanguage;
  tier: DemoTier;
}

function organisation(name: string, domain: string, language: DemoLanguage, tier: DemoTier): OrganisationProfile {
  return { name, domain, language, tier };
}

export const organisationProfiles: NonEmptyList<OrganisationProfile> = [
  organisation('Northside Coworking', 'northsidecoworking.example', 'en', 'priority'),
  organisation('Harbour Lane Café', 'harbourlanecafe.example', 'en', 'priority'),
  organisation('Fennel & Fig Bakery', 'fennelandfig.example', 'en', 'standard'),
  organisation('Quayside Dental Practice', 'quaysidedental.example', 'en', 'standard'),
  organisation('Lumen Studio Architects', 'lumenstudio.example', 'en', 'enterprise'),
  organisation('Greenway Hotels', 'greenwayhotels.example', 'en', 'enterprise'),
  organisation('Atlas Logistics Ltd', 'atlaslogistics.example', 'en', 'enterprise'),
  organisation('The Reading Room Bookshop', 'readingroombooks.example', 'en', 'standard'),
  organisation('Corkscrew Wine Bar', 'corkscrewbar.example', 'en', 'priority'),
  organisation('Brightwater Yoga', 'brightwateryoga.example', 'en', 'standard'),
  organisation('Kaffeehaus Lindner', 'kaffeehaus-lindner.example', 'de', 'priority'),
  organisation('Bürogemeinschaft Spreeblick GmbH', 'spreeblick-buero.example', 'de', 'enterprise'),
  organisation('Praxis Dr. Hartmann', 'praxis-hartmann.example', 'de', 'standard'),
  organisation('Cafetería La Esquina', 'cafeterialaesquina.example', 'es', 'priority'),
  organisation('Estudio Azahar Diseño S.L.', 'estudioazahar.example', 'es', 'standard'),
];

export interface ProductForms {
  name: string;
  definite: string;
  accusative: string;
  dative: string;
  indefinite: string;
}

export interface Product {
  priceCents: number;
  kind: 'appliance' | 'brewer' | 'accessory';
  forms: Record<DemoLanguage, ProductForms>;
}

type Gender = 'masculine' | 'feminine' | 'neuter';

function englishForms(name: string, article: 'a' | 'an'): ProductForms {
  const definite = `the ${name}`;
  return { name, definite, accusative: definite, dative: definite, indefinite: `${article} ${name}` };
}

const germanArticles: Record<Gender, readonly [string, string, string, string]> = {
  masculine: ['der', 'den', 'dem', 'einen'],
  feminine: ['die', 'die', 'der', 'eine'],
  neuter: ['das', 'das', 'dem', 'ein'],
};

function germanForms(name: string, gender: Gender): ProductForms {
  const [nominative, accusative, dative, indefinite] = germanArticles[gender];
  return {
    name,
    definite: `${nominative} ${name}`,
    accusative: `${accusative} ${name}`,
    dative: `${dative} ${name}`,
    indefinite: `${indefinite} ${name}`,
  };
}

function spanishForms(name: string, gender: 'masculine' | 'feminine'): ProductForms {
  const definite = `${gender === 'masculine' ? 'el' : 'la'} ${name}`;
  return { name, definite, accusative: definite, dative: definite, indefinite: `${gender === 'masculine' ? 'un' : 'una'} ${name}` };
}

function product(priceCents: number, kind: Product['kind'], forms: Record<DemoLanguage, ProductForms>): Product {
  return { priceCents, kind, forms };
}

export const products: NonEmptyList<Product> = [
  product(18900, 'appliance', {
    en: englishForms('Halo burr grinder', 'a'),
    de: germanForms('Kaffeemühle Halo', 'feminine'),
    es: spanishForms('molinillo Halo', 'masculine'),
  }),
  product(7490, 'appliance', {
    en: englishForms('Swan gooseneck kettle', 'a'),
    de: germanForms('Schwanenhals-Wasserkocher Swan', 'masculine'),
    es: spanishForms('hervidor Swan de cuello de cisne', 'masculine'),
  }),
  product(44900, 'appliance', {
    en: englishForms('Pico espresso machine', 'a'),
    de: germanForms('Espressomaschine Pico', 'feminine'),
    es: spanishForms('cafetera espresso Pico', 'feminine'),
  }),
  product(5900, 'appliance', {
    en: englishForms('Duo milk frother', 'a'),
    de: germanForms('Milchaufschäumer Duo', 'masculine'),
    es: spanishForms('espumador de leche Duo', 'masculine'),
  }),
  product(2990, 'brewer', {
    en: englishForms('ceramic pour-over dripper', 'a'),
    de: germanForms('Keramik-Handfilter', 'masculine'),
    es: spanishForms('filtro de goteo de cerámica', 'masculine'),
  }),
  product(4900, 'accessory', {
    en: englishForms('coffee scale with timer', 'a'),
    de: germanForms('Kaffeewaage mit Timer', 'feminine'),
    es: spanishForms('báscula de café con temporizador', 'feminine'),
  }),
  product(2450, 'accessory', {
    en: englishForms('600 ml milk jug', 'a'),
    de: germanForms('Milchkännchen (600 ml)', 'neuter'),
    es: spanishForms('jarra para leche de 600 ml', 'feminine'),
  }),
  product(3200, 'accessory', {
    en: englishForms('800 ml glass carafe', 'an'),
    de: germanForms('Glaskaraffe (800 ml)', 'feminine'),
    es: spanishForms('decantador de cristal de 800 ml', 'masculine'),
  }),
  product(3900, 'accessory', {
    en: englishForms('58 mm espresso tamper', 'a'),
    de: germanForms('Tamper (58 mm)', 'masculine'),
    es: spanishForms('tamper de 58 mm', 'masculine'),
  }),
  product(2790, 'brewer', {
    en: englishForms('cold brew bottle', 'a'),
    de: germanForms('Cold-Brew-Flasche', 'feminine'),
    es: spanishForms('botella para cold brew', 'feminine'),
  }),
  product(4400, 'brewer', {
    en: englishForms('six-cup moka pot', 'a'),
    de: germanForms('Espressokocher für 6 Tassen', 'masculine'),
    es: spanishForms('cafetera italiana de 6 tazas', 'feminine'),
  }),
  product(5400, 'brewer', {
    en: englishForms('Nordic French press (1 l)', 'a'),
    de: germanForms('French Press Nordic (1 l)', 'feminine'),
    es: spanishForms('cafetera de émbolo Nordic (1 l)', 'feminine'),
  }),
  product(3600, 'accessory', {
    en: englishForms('set of four espresso cups', 'a'),
    de: germanForms('Espressotassen-Set (4 Stück)', 'neuter'),
    es: spanishForms('juego de 4 tazas de espresso', 'masculine'),
  }),
];


export interface Region {
  firstNames: NonEmptyList<string>;
  lastNames: NonEmptyList<string>;
  emailDomains: NonEmptyList<string>;
  carriers: NonEmptyList<string>;
  addresses: NonEmptyList<string>;
  months: NonEmptyList<string>;
  weekdays: NonEmptyList<string>;
  companySuffix: string;
}

export const regions: Record<DemoLanguage, Region> = {
  en: {
    firstNames: ['Emma', 'Liam', 'Olivia', 'Noah', 'Aoife', 'Conor', 'Siobhan', 'James', 'Grace', 'Daniel', 'Chloe', 'Ryan', 'Sophie', 'Ciarán', 'Hannah', 'Tom', 'Niamh', 'Jack', 'Ella', 'Oisín', 'Priya', 'Marcus', 'Zoe', 'Ben', 'Lucy', 'Femi', 'Rachel', 'David', 'Kate', 'Mohammed', 'Amy', 'Seán'],
    lastNames: ['Murphy', 'Kelly', "O'Sullivan", 'Walsh', 'Smith', 'Byrne', 'Ryan', 'Brennan', 'Doyle', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Thompson', 'Clarke', 'Patel', 'Hughes', 'Roberts', 'Lewis', 'Walker', 'Nolan', 'Fitzgerald', 'Adeyemi', 'Khan', 'Cooper', 'Hall'],
    emailDomains: ['example.com', 'mail.example', 'inbox.example', 'example.net'],
    carriers: ['An Post', 'DPD', 'UPS'],
    addresses: ['14 Harcourt Street, Dublin 2, D02 W213', '22 Oliver Plunkett Street, Cork, T12 K8AF', '3 Quay Street, Galway, H91 E2C4', '58 Deansgate, Manchester M3 2FW', '9 Castle Street, Belfast BT1 1GH', '41 Thomas Street, Limerick, V94 R2X8'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
    companySuffix: 'Consulting Ltd',
  },
  de: {
    firstNames: ['Anna', 'Lukas', 'Lena', 'Jonas', 'Sophie', 'Felix', 'Marie', 'Paul', 'Katrin', 'Tobias', 'Julia', 'Matthias', 'Sabine', 'Jörg', 'Miriam', 'Stefan', 'Claudia', 'Niklas', 'Hannah', 'Jürgen'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Wolf', 'Schröder', 'Neumann', 'Braun', 'Zimmermann', 'Krüger', 'Hartmann', 'Lange', 'Vogel'],
    emailDomains: ['post.example', 'web.example', 'example.org'],
    carriers: ['DHL', 'DPD', 'GLS'],
    addresses: ['Lindenstraße 12, 10969 Berlin', 'Schillerstraße 4, 80336 München', 'Am Sandtorkai 27, 20457 Hamburg', 'Bahnhofstraße 18, 50667 Köln', 'Goethestraße 9, 04109 Leipzig', 'Mozartgasse 3, 1040 Wien'],
    months: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
    weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag'],
    companySuffix: 'Beratung GmbH',
  },
  es: {
    firstNames: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'María', 'Alejandro', 'Sofía', 'Diego', 'Elena', 'Sergio', 'Marta', 'Álvaro', 'Laura', 'Andrés', 'Paula', 'Jorge', 'Nuria', 'Raúl', 'Irene', 'Carlos'],
    lastNames: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz', 'Díaz', 'Jiménez', 'Navarro', 'Torres', 'Romero', 'Vázquez', 'Ortega', 'Castro', 'Serrano', 'Molina', 'Rubio', 'Iglesias'],
    emailDomains: ['correo.example', 'example.org', 'mail.example'],
    carriers: ['SEUR', 'GLS', 'DHL'],
    addresses: ['Calle de Fuencarral 45, 28004 Madrid', 'Carrer de Còrsega 210, 08036 Barcelona', 'Calle de Colón 12, 46004 Valencia', 'Avenida de la Constitución 8, 41001 Sevilla', 'Calle de la Alameda 5, 48001 Bilbao', 'Calle Mayor 30, 50001 Zaragoza'],
    months: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
    weekdays: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes'],
    companySuffix: 'Asesores S.L.',
  },
};

export const discountCodes: NonEmptyList<string> = ['WELCOME10', 'SPRING15', 'BEANS20', 'NEWSLETTER10', 'FREESHIP', 'AUTUMN12'];
