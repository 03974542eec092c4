"""Keyword baselines of the evaluation (scripts/eval.py) for Spanish, French, German and Portuguese.

KEYWORDS[lang] holds the same regexes as the English baselines at the top of eval.py
(KEYWORD_RE, NEGATIVE_RE, NEED_RE, FAMILY_RE, EMOTION_RE, RISK_RE), translated plainly:
the obvious words a person would list in a minute, nothing tuned. Keys per language:
"keyword", "negative", "need", "family" (eight families; "dismissive" is "negative"),
"emotion" (six emotions) and "risk" (nine risks). All case-insensitive; a count is the
number of non-overlapping matches (re.findall), as in eval.py.

Accents are optional: accented letters are written as classes ([aá], [eéè], [cç], [nñ]),
German umlauts match the umlaut, the ae/oe/ue spelling or the bare vowel, and ß matches
ss. A straight apostrophe in a pattern also matches the typographic one (’).

Python standard library only.
"""

import re

_UMLAUT = {"ä": "(?:ä|ae|a)", "ö": "(?:ö|oe|o)", "ü": "(?:ü|ue|u)", "ß": "(?:ß|ss)"}


def _c(pattern):
    """Compile case-insensitively; ' also matches ’."""
    return re.compile(pattern.replace("'", "['’]"), re.I)


def _de(pattern):
    """German: ä/ö/ü/ß also match ae/oe/ue/ss and a/o/u (typed without umlauts)."""
    for k, v in _UMLAUT.items():
        pattern = pattern.replace(k, v)
    return _c(pattern)


def _lang(keyword, negative, need, family, emotion, risk):
    family = dict(family)
    family["dismissive"] = negative
    order = ("emotional-reaction", "interpretation", "exploration", "reassurance",
             "inclusive", "politeness", "dismissive", "scripted")
    return {"keyword": keyword, "negative": negative, "need": need,
            "family": {f: family[f] for f in order}, "emotion": emotion, "risk": risk}


# ---------------------------------------------------------------------------------------
# Spanish

_ES_NEGATIVE = _c(
    r"c[aá]lmese|tranquil[ií]cese|c[aá]lmate|como (?:ya )?(?:le |te )?(?:dije|he dicho)|pol[ií]tica|"
    r"deber[ií]a haber|no (?:hay|puedo hacer) nada|\bs[oó]lo\b|obviamente|claramente|simplemente")

_ES = _lang(
    keyword=_c(
        r"lo siento|lament|disculp|perd[oó]n|entiendo|comprendo|frustra|agradec|agradez|gracias|"
        r"desafortunadamente|lamentablemente|debe (?:de )?ser|me imagino|preocup|molest|me alegra|"
        r"con gusto|por favor|ayud"),
    negative=_ES_NEGATIVE,
    need=_c(
        r"enfadad|enojad|furios|molest|preocupad|asustad|miedo|ansios|frustra|decepcion|"
        r"rid[ií]cul|inaceptable|triste|falleci|muri[oó]|hospital|confundid|confus|ayuda|!!"),
    family={
        "emotional-reaction": _c(
            r"lo siento|lament|disculp|suena (?:horrible|terrible|dif[ií]cil|duro|frustrante|"
            r"estresante|doloroso)|debe (?:de )?ser|me imagino|qu[eé] (?:horrible|terrible|pena)|"
            r"condolencia|p[eé]same|mi m[aá]s sentido|de coraz[oó]n"),
        "interpretation": _c(
            r"entiendo|comprendo|comprensible|ya veo|parece que|suena a que|(?:se|te) siente|"
            r"tiene sentido|(?:le|te) escucho|si (?:le |te )?entiendo bien|es decir|quiere decir|"
            r"no me extra[nñ]a|es normal que"),
        "exploration": _c(
            r"\?|cu[eé]nteme|cu[eé]ntame|podr[ií]a (?:decirme|contarme|explicarme)|"
            r"puede (?:decirme|contarme|explicarme)|qu[eé] (?:pas[oó]|ocurri[oó]|sucedi[oó])|"
            r"c[oó]mo (?:se|te) siente"),
        "reassurance": _c(
            r"\bvoy a|\bvamos a|me encargo|nos encargamos|de inmediato|ahora mismo|\bhoy\b|"
            r"ma[nñ]ana|antes del? \d|en \d|no se preocupe|no te preocupes|no est[aá]s? sol|"
            r"todo (?:va a|ir[aá]) (?:salir )?bien|me asegur|nos asegur|est[aá] bien|"
            r"[aá]nimo|orgullos|mejorar[aá]|suerte|espero"),
        "inclusive": _c(
            r"\bvamos|juntos|podemos|con usted|contigo|nuestro equipo|estamos aqu[ií]|"
            r"aqu[ií] para (?:usted|ti|ayudar)"),
        "politeness": _c(
            r"por favor|gracias|agradec|agradez|podr[ií]a|ser[ií]a tan amable|hola|"
            r"buen(?:os|as) (?:d[ií]as|tardes|noches)|amablemente|de nada|con (?:mucho )?gusto|"
            r"un placer"),
        "scripted": _c(
            r"(?:cualquier|las) molestia|molestias ocasionadas|lamentamos|estimado cliente|"
            r"valioso cliente|su llamada es (?:muy )?importante|gracias por su paciencia|"
            r"le aseguramos|tenga la (?:plena )?seguridad|seg[uú]n lo (?:establecido|indicado)|"
            r"le informamos|le recordamos"),
    },
    emotion={
        "frustration": _c(
            r"frustra|molest|hart[oa]|enfadad|enojad|furios|rid[ií]cul|inaceptable|!!|"
            r"tercera vez|otra vez|una y otra vez|todav[ií]a no|a[uú]n no|sigue sin"),
        "anxiety": _c(r"preocup|ansios|ansiedad|asustad|miedo|nervios|p[aá]nico|estr[eé]s|estresad|aterrad"),
        "confusion": _c(
            r"confundid|confus|no entiendo|no comprendo|no tiene sentido|no s[eé] si|"
            r"no estoy segur|no (?:me )?queda claro|qu[eé] significa|\?\?"),
        "sadness": _c(
            r"triste|decepcion|falleci|muri[oó]|duelo|destrozad|devastad|deprimid|depresi[oó]n|"
            r"me siento sol|soledad|llor"),
        "urgency": _c(
            r"urgente|urgencia|cuanto antes|lo antes posible|inmediatamente|de inmediato|"
            r"ahora mismo|emergencia|ya mismo"),
        "gratitude": _c(r"gracias|agradec|agradez"),
    },
    risk={
        "bereavement": _c(
            r"falleci|muri[oó]|funeral|entierro|velorio|muerte|duelo|viud|"
            r"perd[ií] a mi (?:madre|padre|mam[aá]|pap[aá]|marido|esposo|esposa|mujer|hijo|hija|"
            r"pareja|hermano|hermana)"),
        "health": _c(
            r"hospital|enferm|c[aá]ncer|cirug[ií]a|operaci[oó]n|m[eé]dic|doctor|quimio|"
            r"diagn[oó]stic|embaraz"),
        "financial-hardship": _c(
            r"no puedo pagar|no me alcanza|no llego a fin de mes|perd[ií] (?:mi|el) (?:trabajo|empleo)|"
            r"desemplead|en paro|sin trabajo|despedid|deuda|me cuesta pagar|descubierto|sobregiro"),
        "fraud": _c(
            r"fraude|estafa|robad|\brobo|no (?:hice|autoric[eé]|reconozco) (?:esta|este|esa|ese)|"
            r"hacke|no autorizad|phishing|suplantaci"),
        "safety": _c(
            r"peligr|insegur|abuso|maltrato|violen|amenaz|fuga de gas|huele a gas|olor a gas|"
            r"incendio|fuego|inundaci|chispa|agresi|acos|polic[ií]a"),
        "vulnerability": _c(
            r"anciano|persona mayor|tengo \d+ a[nñ]os|discapacid|ciego|sordo|vivo sol|cuidador|"
            r"no puedo con|no puedo m[aá]s|demencia|alzh?eimer|silla de ruedas"),
        "hopelessness": _c(
            r"matarme|suicid|quitarme la vida|acabar con todo|ya no tiene sentido|sin esperanza|"
            r"no puedo seguir|no quiero vivir|autolesi|hacerme da[nñ]o"),
        "complaint-escalation": _c(
            r"queja|quejar|reclamaci[oó]n|reclamar|gerente|supervisor|superior|encargado|"
            r"defensor del|escalar|abogad|demanda|denunci|regulador"),
        "churn": _c(
            r"cancel|dar(?:me)? de baja|me voy a (?:ir|cambiar)|cambiarme|"
            r"cambiar de (?:compa[nñ][ií]a|proveedor|operador|banco)|cerrar (?:mi|la) cuenta|"
            r"competencia|otro proveedor|otra compa[nñ][ií]a|irme a otr"),
    },
)

# ---------------------------------------------------------------------------------------
# French

_FR_NEGATIVE = _c(
    r"calmez-vous|calme-toi|comme (?:je (?:vous |te )?l'ai|d[eé]j[aà]) dit|politique|proc[eé]dure|"
    r"vous auriez d[uû]|il fallait|je ne peux rien (?:y )?faire|rien [aà] faire|\bjuste\b|"
    r"simplement|[eé]videmment|clairement|manifestement")

_FR = _lang(
    keyword=_c(
        r"d[eé]sol|excus|pardon|comprend|frustr|appr[eé]ci|merci|malheureusement|regrett|"
        r"doit [eê]tre|j'imagine|je vous entends|inqui[eè]t|souci|contrari|ravi|heureux de vous aider|"
        r"s'il vous pla[iî]t|\bsvp\b|aide"),
    negative=_FR_NEGATIVE,
    need=_c(
        r"en col[eè]re|furieu|[eé]nerv|contrari|inqui[eè]t|\bpeur\b|angoiss|anxi|frustr|d[eé][cç]u|"
        r"ridicule|inacceptable|triste|d[eé]c[eé]d|\bmort|h[oô]pital|confus|perdu|aide|!!"),
    family={
        "emotional-reaction": _c(
            r"d[eé]sol|excus|navr|(?:[cç]a|cela) (?:a l'air|semble|doit [eê]tre) (?:horrible|terrible|"
            r"difficile|dur|p[eé]nible|stressant|frustrant|effrayant|douloureux)|doit [eê]tre|"
            r"j'imagine|quelle horreur|c'est (?:terrible|horrible|dur|difficile)|condol[eé]ance|"
            r"de tout c(?:oe|œ|o)ur|je compatis"),
        "interpretation": _c(
            r"je comprends|compr[eé]hensible|je vois|on dirait que|il semble que|"
            r"si je comprends bien|vous vous sentez|tu te sens|vous sentez|"
            r"(?:[cç]a|cela) (?:se comprend|a du sens|fait sens)|je vous entends|je t'entends|"
            r"autrement dit|vous voulez dire|pas [eé]tonnant|bien s[uû]r que vous"),
        "exploration": _c(
            r"\?|dites-moi|racontez|pourriez-vous (?:me dire|m'expliquer|pr[eé]ciser)|"
            r"pouvez-vous (?:me dire|m'expliquer|pr[eé]ciser)|que s'est-il pass[eé]|"
            r"qu'est-ce qui s'est pass[eé]|comment vous sentez-vous|comment te sens-tu"),
        "reassurance": _c(
            r"je vais|nous allons|\bon va|je m'en occupe|nous nous en occupons|imm[eé]diatement|"
            r"tout de suite|aujourd'hui|demain|d'ici \d|sous \d|avant \d|ne vous inqui[eé]tez pas|"
            r"ne t'inqui[eè]te pas|pas seul|(?:[cç]a|tout) va (?:aller|s'arranger)|je m'assure|"
            r"je veillerai|vous pouvez le faire|courage|fier de|bonne chance|j'esp[eè]re|esp[eè]r"),
        "inclusive": _c(
            r"allons|ensemble|nous pouvons|\bon peut|avec vous|avec toi|notre [eé]quipe|"
            r"nous sommes l[aà]|on est l[aà]|l[aà] pour vous"),
        "politeness": _c(
            r"s'il vous pla[iî]t|s'il te pla[iî]t|\bsvp\b|merci|appr[eé]ci|pourriez-vous|"
            r"pouvez-vous|voudriez-vous|auriez-vous|bonjour|bonsoir|je vous en prie|avec plaisir|"
            r"ravi de|volontiers|cordialement"),
        "scripted": _c(
            r"g[eê]ne occasionn[eé]e|d[eé]sagr[eé]ment|nous nous excusons|veuillez nous excuser|"
            r"ch[eè]re? client|client pr[eé]cieux|votre appel est important|"
            r"merci (?:de|pour) votre patience|soyez assur[eé]|conform[eé]ment [aà]|"
            r"nous vous informons|veuillez noter|nous regrettons"),
    },
    emotion={
        "frustration": _c(
            r"frustr|agac|[eé]nerv|en col[eè]re|furieu|ras le bol|marre|ridicule|inacceptable|!!|"
            r"troisi[eè]me fois|encore une fois|toujours pas|toujours rien|toujours aucun"),
        "anxiety": _c(r"inqui[eè]t|anxi|angoiss|\bpeur\b|nerveu|panique|stress|effray|terrifi"),
        "confusion": _c(
            r"confus|perdu|je (?:ne )?comprends pas|pas compris|n'a pas de sens|aucun sens|"
            r"pas s[uû]r|pas clair|que veut dire|qu'est-ce que (?:[cç]a|cela) veut dire|\?\?"),
        "sadness": _c(
            r"triste|d[eé][cç]u|d[eé]ception|d[eé]c[eé]d|\bmort|deuil|chagrin|c(?:oe|œ|o)ur bris[eé]|"
            r"effondr|d[eé]prim|d[eé]pression|solitude|je me sens seul|pleur"),
        "urgency": _c(
            r"urgent|urgence|au plus vite|d[eè]s que possible|le plus t[oô]t possible|"
            r"imm[eé]diatement|tout de suite|\basap\b"),
        "gratitude": _c(r"merci|appr[eé]ci|reconnaissan"),
    },
    risk={
        "bereavement": _c(
            r"d[eé]c[eé]d|\bmort|fun[eé]railles|enterrement|obs[eè]ques|d[eé]c[eè]s|deuil|veu[fv]|"
            r"perdu (?:ma|mon) (?:m[eè]re|p[eè]re|mari|femme|fils|fille|compagn|conjoint|fr[eè]re|"
            r"s(?:oe|œ)ur|maman|papa)"),
        "health": _c(
            r"h[oô]pital|malad|cancer|chirurgi|op[eé]ration|op[eé]r[eé]|m[eé]dical|m[eé]decin|docteur|"
            r"chimio|diagnos|enceinte|grossesse"),
        "financial-hardship": _c(
            r"peux pas payer|pas les moyens|fins? de mois|perdu mon (?:travail|emploi|boulot)|"
            r"ch[oô]mage|licenci|dette|endett|du mal [aà] payer|d[eé]couvert"),
        "fraud": _c(
            r"fraud|arnaqu|escroqu|\bvol[eé]e?s?\b|on m'a vol|pirat|hack|"
            r"je n'ai pas (?:fait|autoris[eé])|non autoris[eé]|hame[cç]onnage|phishing"),
        "safety": _c(
            r"danger|abus|violen|menac|fuite de gaz|odeur de gaz|sens le gaz|incendie|\bfeu\b|"
            r"inondation|[eé]tincelle|agress|harc[eè]l|police"),
        "vulnerability": _c(
            r"personne [aâ]g[eé]e|\b[aâ]g[eé]e?s?\b|\d+ ans\b|handicap|aveugle|\bsourd|"
            r"vis seule?|seule? chez moi|aidant|je n'y arrive plus|je ne m'en sors pas|d[eé]mence|"
            r"alzheimer|fauteuil roulant"),
        "hopelessness": _c(
            r"me tuer|suicid|en finir|plus aucun sens|aucun espoir|sans espoir|d[eé]sesp[eé]r|"
            r"je n'en peux plus|plus envie de vivre|envie de mourir|automutil|me faire du mal"),
        "complaint-escalation": _c(
            r"plainte|plaindre|r[eé]clamation|responsable|manager|sup[eé]rieur|hi[eé]rarchi|"
            r"m[eé]diateur|avocat|tribunal|r[eé]gulateur|escalad"),
        "churn": _c(
            r"r[eé]silier|r[eé]siliation|annul|je pars|vais partir|quitter|"
            r"changer d'(?:op[eé]rateur|fournisseur|assureur|banque)|fermer mon compte|cl[oô]turer|"
            r"concurren|autre (?:op[eé]rateur|fournisseur|banque)|ailleurs"),
    },
)

# ---------------------------------------------------------------------------------------
# German (ä ö ü ß are expanded by _de)

_DE_NEGATIVE = _de(
    r"beruhigen sie sich|beruhig dich|wie (?:bereits |schon )?gesagt|wie ich (?:bereits |schon )?sagte|"
    r"richtlinie|vorschrift|hätten sie (?:\w+ ){0,3}(?:sollen|müssen)|da kann ich nichts|"
    r"kann ich nichts machen|\bnur\b|\bbloß\b|einfach|offensichtlich|eindeutig")

_DE = _lang(
    keyword=_de(
        r"tut mir (?:sehr |wirklich |so )?leid|entschuldig|bedauer|verstehe|verständnis|frustr|"
        r"schätze|dank|leider|das klingt|das muss|kann mir vorstellen|sorge|besorg|ärger|"
        r"freut mich|gerne?\b|bitte|hilf|helf"),
    negative=_DE_NEGATIVE,
    need=_de(
        r"wütend|sauer|verärgert|ärgerlich|besorgt|sorge|angst|ängstlich|frustr|enttäusch|"
        r"lächerlich|inakzeptabel|unmöglich|traurig|gestorben|verstorben|krankenhaus|verwirr|"
        r"hilfe|!!"),
    family={
        "emotional-reaction": _de(
            r"tut mir (?:sehr |wirklich |so )?leid|entschuldig|bedauer|klingt (?:furchtbar|schrecklich|"
            r"schlimm|schwer|hart|frustrierend|stressig|beängstigend|schmerzhaft)|das muss|"
            r"kann mir vorstellen|wie schrecklich|wie furchtbar|das ist (?:schrecklich|schlimm|schwer|"
            r"hart|furchtbar)|beileid|anteilnahme|von herzen|mitgefühl|fühle mit"),
        "interpretation": _de(
            r"ich verstehe|verständlich|nachvollziehbar|ich sehe|es klingt so|klingt,? als|"
            r"sie fühlen|du fühlst|fühlen sie sich|ergibt sinn|macht sinn|ich höre|"
            r"wenn ich (?:sie|dich) richtig verstehe|mit anderen worten|sie meinen|du meinst|"
            r"kein wunder|natürlich sind sie"),
        "exploration": _de(
            r"\?|erzählen sie|erzähl mir|können sie (?:mir )?(?:sagen|erklären|beschreiben)|"
            r"könnten sie (?:mir )?(?:sagen|erklären|beschreiben)|was ist passiert|"
            r"was ist (?:denn )?geschehen|wie fühlen sie sich|wie geht es (?:ihnen|dir)"),
        "reassurance": _de(
            r"ich werde|wir werden|ich kümmere|wir kümmern|kümmern uns|sofort|umgehend|heute|"
            r"(?<!guten )morgen|bis \d|innerhalb (?:von )?\d|keine sorge|keine sorgen|nicht allein|"
            r"wird (?:schon )?wieder|stelle sicher|sorge dafür|ist (?:schon )?in ordnung|ist okay|"
            r"schaffen sie|schaffst du|stolz auf|wird besser|viel glück|hoffe"),
        "inclusive": _de(
            r"lassen sie uns|lass uns|gemeinsam|zusammen|wir können|wir werden|mit ihnen|mit dir|"
            r"unser team|wir sind (?:für sie |für dich )?da|für sie da|für dich da"),
        "politeness": _de(
            r"bitte|dank|schätze|könnten sie|würden sie|hallo|guten (?:morgen|tag|abend)|"
            r"gerne?\b|freundlich|mit vergnügen"),
        "scripted": _de(
            r"unannehmlichkeit|wir entschuldigen uns|wir bitten um entschuldigung|geehrte kund|"
            r"geschätzte kund|wertvolle kund|ihr anruf ist (?:uns )?wichtig|"
            r"dank für ihre geduld|seien sie versichert|gemäß|bitte beachten sie|wir bedauern"),
    },
    emotion={
        "frustration": _de(
            r"frustr|genervt|nervt|ärger|wütend|sauer|nase voll|reicht mir|lächerlich|"
            r"inakzeptabel|unverschämt|!!|zum dritten mal|immer wieder|schon wieder|"
            r"(?:immer noch|noch immer) (?:nicht|kein)"),
        "anxiety": _de(r"sorge|besorgt|ängstlich|angst|nervös|panik|stress|erschrocken|beunruhigt|verängstigt"),
        "confusion": _de(
            r"verwirr|verstehe (?:ich |das )?nicht|ergibt keinen sinn|macht keinen sinn|"
            r"nicht sicher|unklar|was bedeutet|was heißt|\?\?"),
        "sadness": _de(
            r"traurig|enttäusch|gestorben|verstorben|trauer|zerstört|deprimiert|depression|"
            r"einsam|\bweine"),
        "urgency": _de(
            r"dringend|eilig|sofort|umgehend|so schnell wie möglich|schnellstmöglich|\basap\b|notfall"),
        "gratitude": _de(r"dank|schätze"),
    },
    risk={
        "bereavement": _de(
            r"gestorben|verstorben|beerdigung|bestattung|trauerfeier|\btod|trauer|witwe|"
            r"verlust meine"),
        "health": _de(
            r"krankenhaus|klinik|krank|krebs|operation|medizin|ärzt|doktor|chemo|diagnos|schwanger"),
        "financial-hardship": _de(
            r"nicht leisten|nicht bezahlen|kein geld|job verloren|arbeit verloren|arbeitslos|"
            r"entlassen|schulden|überzogen|\bdispo|bürgergeld|hartz"),
        "fraud": _de(
            r"betrug|betrüg|scam|abzocke|gestohlen|geklaut|nicht autorisiert|nicht genehmigt|"
            r"habe ich nicht (?:gemacht|getätigt|veranlasst)|gehackt|hack|phishing"),
        "safety": _de(
            r"gefahr|gefährlich|unsicher|missbrauch|gewalt|bedroh|gasleck|gasgeruch|riecht nach gas|"
            r"feuer|\bbrand|überschwemmung|hochwasser|funken|angriff|angegriffen|stalk|polizei"),
        "vulnerability": _de(
            r"ältere|senior|rentner|jahre alt|behindert|behinderung|blind|gehörlos|\btaub|"
            r"lebe allein|alleinstehend|pflege|komme nicht (?:mehr )?klar|schaffe das nicht|demenz|"
            r"rollstuhl"),
        "hopelessness": _de(
            r"umbringen|suizid|selbstmord|ein ende machen|keinen sinn mehr|hoffnungslos|"
            r"kann nicht mehr|will nicht mehr leben|selbstverletz|ritzen"),
        "complaint-escalation": _de(
            r"beschwer|reklamation|vorgesetzt|manager|teamleiter|\bchef|ombuds|schlichtung|eskal|"
            r"anwalt|verbraucherzentrale|bundesnetzagentur|bafin|aufsicht"),
        "churn": _de(
            r"kündig|storn|wechsel|konto (?:schließen|auflösen)|konkurrenz|anderen anbieter|woanders"),
    },
)

# ---------------------------------------------------------------------------------------
# Portuguese (European and Brazilian)

_PT_NEGATIVE = _c(
    r"acalme-se|se acalme|tenha calma|fique calm|como (?:eu )?(?:j[aá] )?(?:disse|falei)|pol[ií]tica|"
    r"deveria ter|devia ter|n[aã]o h[aá] nada|n[aã]o (?:posso|podemos) fazer nada|nada a fazer|"
    r"apenas|\bs[oó]\b|simplesmente|obviamente|claramente")

_PT = _lang(
    keyword=_c(
        r"desculp|lament|sinto muito|perd[aã]o|entendo|compreendo|frustra|agrade[cç]|obrigad|"
        r"infelizmente|deve ser|imagino|preocup|chate|incomod|fico feliz|que bom|por favor|ajud"),
    negative=_PT_NEGATIVE,
    need=_c(
        r"irritad|furios|chatead|brav[oa]|zangad|preocupad|assustad|medo|ansios|frustra|decepcion|"
        r"desilud|rid[ií]cul|inaceit[aá]vel|absurdo|triste|faleceu|morreu|hospital|confus|ajuda|!!"),
    family={
        "emotional-reaction": _c(
            r"desculp|lament|sinto muito|parece (?:horr[ií]vel|terr[ií]vel|dif[ií]cil|duro|frustrante|"
            r"e?stressante|assustador|doloroso)|deve ser|imagino|que (?:horr[ií]vel|terr[ií]vel|pena)|"
            r"(?:isso )?[eé] (?:horr[ií]vel|terr[ií]vel|muito dif[ií]cil)|condol[eê]ncia|"
            r"meus sentimentos|pesar|de cora[cç][aã]o"),
        "interpretation": _c(
            r"entendo|compreendo|compreens[ií]vel|percebo|estou vendo|parece que|voc[eê] (?:se )?sente|"
            r"sente-se|se sentindo|faz sentido|ou[cç]o|se (?:bem )?entendi|ou seja|"
            r"em outras palavras|quer dizer|n[aã]o [eé] de (?:admirar|estranhar)|claro que voc[eê]"),
        "exploration": _c(
            r"\?|conte-me|me conte|me diga|diga-me|pode(?:ria)? (?:me )?(?:dizer|contar|explicar)|"
            r"o que (?:aconteceu|houve|se passou)|como (?:voc[eê] )?se sente"),
        "reassurance": _c(
            r"\bvou\b|\bvamos\b|irei|iremos|tratar disso|cuidar disso|imediatamente|agora mesmo|"
            r"\bhoje\b|amanh[aã]|at[eé] \d|em \d|n[aã]o se preocupe|n[aã]o precisa se preocupar|"
            r"n[aã]o est[aá] sozinh|vai (?:ficar|correr) (?:tudo )?bem|garant|"
            r"(?:est[aá]|fica) tudo bem|voc[eê] consegue|orgulh|vai melhorar|boa sorte|espero"),
        "inclusive": _c(
            r"\bvamos\b|juntos|juntas|podemos|com voc[eê]|nossa equipe|nossa equipa|estamos aqui|"
            r"aqui para (?:voc[eê]|o ajudar|a ajudar|te ajudar|ajudar)"),
        "politeness": _c(
            r"por favor|obrigad|agrade[cç]|poderia|podia|seria poss[ií]vel|ol[aá]|\boi\b|bom dia|"
            r"boa tarde|boa noite|gentileza|de nada|com (?:todo o )?prazer|disponha|"
            r"fico feliz em ajudar"),
        "scripted": _c(
            r"(?:qualquer|pelo|pelos|o|os) (?:transtorno|inc[oô]modo)|transtornos causados|"
            r"inc[oô]modo causado|pedimos desculpa|lamentamos|prezad[oa] cliente|car[oa] cliente|"
            r"estimad[oa] cliente|cliente valios|chamada [eé] (?:muito )?importante|"
            r"obrigad[oa] pela (?:sua )?paci[eê]ncia|agradecemos a (?:sua )?paci[eê]ncia|"
            r"fique tranquil|tenha certeza|conforme|informamos que"),
    },
    emotion={
        "frustration": _c(
            r"frustra|irrit|chate|zangad|furios|brav[oa]|fart[oa]|cansad[oa] de|rid[ií]cul|"
            r"inaceit[aá]vel|absurdo|!!|terceira vez|de novo|outra vez|mais uma vez|ainda n[aã]o|"
            r"continua sem"),
        "anxiety": _c(r"preocup|ansios|ansiedade|assustad|medo|nervos|p[aâ]nico|stress|apavorad|aterroriz"),
        "confusion": _c(
            r"confus|n[aã]o entendo|n[aã]o percebo|n[aã]o compreendo|n[aã]o faz sentido|"
            r"n[aã]o tenho certeza|n[aã]o sei se|n[aã]o est[aá] claro|o que significa|\?\?"),
        "sadness": _c(
            r"triste|decepcion|desilud|faleceu|falecid|morreu|\bluto\b|arrasad|devastad|deprimid|"
            r"depress[aã]o|sozinh|solid[aã]o|chor"),
        "urgency": _c(
            r"urgente|urg[eê]ncia|o mais r[aá]pido poss[ií]vel|quanto antes|imediatamente|"
            r"agora mesmo|emerg[eê]ncia"),
        "gratitude": _c(r"obrigad|agrade[cç]|grat[oa]\b|gratid"),
    },
    risk={
        "bereavement": _c(
            r"faleceu|falecid|falecimento|morreu|morte|funeral|enterro|vel[oó]rio|\bluto\b|vi[uú]v|"
            r"perdi (?:a |o )?(?:minha|meu) (?:m[aã]e|pai|marido|esposa|esposo|mulher|filho|filha|"
            r"companheir|irm[aã])"),
        "health": _c(
            r"hospital|doen[cç]a|doente|c[aâ]ncer|cancro|cirurgia|opera[cç][aã]o|m[eé]dic|doutor|"
            r"quimio|diagn[oó]stic|gr[aá]vida|gravidez"),
        "financial-hardship": _c(
            r"n[aã]o (?:consigo|posso|tenho como) pagar|n[aã]o tenho dinheiro|"
            r"perdi (?:o )?(?:meu )?(?:emprego|trabalho)|desempregad|demitid|despedid|d[ií]vida|"
            r"endividad|dificuldade (?:em|para) pagar|descoberto|cheque especial"),
        "fraud": _c(
            r"fraude|golpe|burla|roubad|roubo|n[aã]o (?:fiz|autorizei|reconhe[cç]o)|hacke|clonad|"
            r"n[aã]o autorizad|phishing"),
        "safety": _c(
            r"perig|inseguro|abuso|viol[eê]n|amea[cç]|fuga de g[aá]s|vazamento de g[aá]s|"
            r"cheiro (?:a|de) g[aá]s|inc[eê]ndio|fogo|inunda|enchente|fa[ií]sca|atacad|persegu|"
            r"ass[eé]dio|pol[ií]cia"),
        "vulnerability": _c(
            r"idos[oa]|tenho \d+ anos|anos de idade|defici[eê]n|\bcego|\bsurd[oa]|(?:moro|vivo) sozinh|"
            r"cuidador|n[aã]o (?:estou a |consigo )?(?:aguentar|lidar)|dem[eê]ncia|alzheimer|"
            r"cadeira de rodas"),
        "hopelessness": _c(
            r"me matar|matar-me|suic[ií]d|acabar com tudo|n[aã]o vale a pena viver|"
            r"sem esperan[cç]a|n[aã]o aguento mais|n[aã]o quero (?:mais )?viver|automutila|"
            r"me machucar|magoar-me"),
        "complaint-escalation": _c(
            r"reclama|queixa|gerente|supervisor|superior|provedor do cliente|ouvidoria|escalar|"
            r"advogad|processar|procon|regulador|anatel|anacom|\bdeco\b"),
        "churn": _c(
            r"cancel|rescindir|rescis[aã]o|vou sair|vou embora|"
            r"mudar de (?:operadora|banco|fornecedor|empresa)|trocar de|"
            r"(?:encerrar|fechar) (?:a )?(?:minha )?conta|concorr[eê]n|outra operadora|outro banco|"
            r"outra empresa|ir para outr"),
    },
)

KEYWORDS = {"es": _ES, "fr": _FR, "de": _DE, "pt": _PT}
