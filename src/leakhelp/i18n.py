"""Words for the person reading, in Dutch and English.

Messages are short, plain and without blame: what happened, what to do next,
where to get help. Keys are stable; the text may change.
"""

from __future__ import annotations

import contextlib
import functools
import locale
import os
import re

from .models import LANGS, Lang

ENV_LANG = "LEAKHELP_LANG"

MESSAGES: dict[str, dict[Lang, str]] = {
    "case.created": {
        "en": "Case {id} created for “{name}”. Keep this id: you need it for the next steps.",
        "nl": "Dossier {id} aangemaakt voor “{name}”. Bewaar dit nummer: je hebt het nodig voor de volgende stappen.",
    },
    "case.none": {
        "en": "There are no cases yet. Start one with: leakhelp case new NAME",
        "nl": "Er zijn nog geen dossiers. Begin er een met: leakhelp case new NAAM",
    },
    "case.forget.ask": {
        "en": "Remove case {id} (“{name}”) and everything in it for good? This cannot be undone.",
        "nl": "Dossier {id} (“{name}”) en alles erin voorgoed verwijderen? Dit kan niet ongedaan worden.",
    },
    "case.forgotten": {
        "en": "Case {id} and all its data have been removed from this device.",
        "nl": "Dossier {id} en alle gegevens ervan zijn van dit apparaat verwijderd.",
    },
    "case.kept": {
        "en": "Nothing was removed.",
        "nl": "Er is niets verwijderd.",
    },
    "hash.summary": {
        "en": "{ok} image(s) fingerprinted, {failed} could not be read.",
        "nl": "{ok} afbeelding(en) voorzien van een vingerafdruk, {failed} niet te lezen.",
    },
    "hash.columns": {
        "en": "file|PDQ fingerprint|quality|status",
        "nl": "bestand|PDQ-vingerafdruk|kwaliteit|status",
    },
    "hash.row.failed": {
        "en": "could not read: {error}",
        "nl": "niet te lezen: {error}",
    },
    "hash.row.low-quality": {
        "en": "low quality (flat or tiny image): matches on it are unreliable",
        "nl": "lage kwaliteit (egaal of heel klein beeld): overeenkomsten zijn onbetrouwbaar",
    },
    "hash.row.already": {"en": "already in the case", "nl": "zat al in het dossier"},
    "scan.columns": {
        "en": "image|match|distance|fingerprint|how / note",
        "nl": "afbeelding|overeenkomst|afstand|vingerafdruk|hoe / opmerking",
    },
    "scan.tier.strong": {"en": "strong", "nl": "sterk"},
    "scan.tier.possible": {"en": "possible", "nl": "mogelijk"},
    "scan.tier.none": {"en": "no match", "nl": "geen"},
    "scan.how.same": {"en": "same image", "nl": "zelfde beeld"},
    "scan.how.mirrored": {"en": "mirrored", "nl": "gespiegeld"},
    "scan.how.rotated": {"en": "rotated", "nl": "gedraaid"},
    "scan.how.rescaled": {"en": "rescaled", "nl": "andere grootte"},
    "scan.how.cropped": {"en": "cropped", "nl": "bijgesneden"},
    "scan.how.bordered": {"en": "bordered", "nl": "met rand"},
    "scan.row.region": {
        "en": "matched on a part of the image",
        "nl": "overeenkomst op een deel van het beeld",
    },
    "scan.row.plain": {
        "en": "very plain image: unreliable",
        "nl": "heel egaal beeld: onbetrouwbaar",
    },
    "scan.row.plain-check": {
        "en": "very plain image: check by eye",
        "nl": "heel egaal beeld: laat iemand het met het oog controleren",
    },
    "scan.row.also": {"en": "also {refs}", "nl": "ook {refs}"},
    "scan.url-no-image": {
        "en": "the page is up, but shows no image leakhelp can compare",
        "nl": "de pagina is online, maar toont geen afbeelding die leakhelp kan vergelijken",
    },
    "scan.recorded": {
        "en": "{count} web address(es) with a strong match added to case {id} as sightings; nothing else was stored (no images, no file names).",
        "nl": "{count} webadres(sen) met een sterke overeenkomst als vindplaats toegevoegd aan dossier {id}; verder is niets opgeslagen (geen afbeeldingen, geen bestandsnamen).",
    },
    "scan.record-needs-case": {
        "en": "--record adds web addresses to a case: give --case ID",
        "nl": "--record voegt webadressen toe aan een dossier: geef --case ID",
    },
    "show.head": {
        "en": "{name}  ({id}, {case_lang}, since {since})",
        "nl": "{name}  ({id}, {case_lang}, sinds {since})",
    },
    "show.fingerprints": {"en": "fingerprints: {count}", "nl": "vingerafdrukken: {count}"},
    "show.low-quality": {"en": "({count} of low quality)", "nl": "({count} van lage kwaliteit)"},
    "show.counts": {
        "en": "web addresses: {total} ({online} still online)  ·  requests: {requests}",
        "nl": "webadressen: {total} ({online} nog online)  ·  verzoeken: {requests}",
    },
    "show.overdue": {"en": "overdue: {count}", "nl": "te laat: {count}"},
    "check.going-online": {
        "en": "Visiting the web addresses from this computer, as a browser would, without showing anything. The sites see this computer's internet address.",
        "nl": "De webadressen worden vanaf deze computer bezocht, zoals een browser dat doet, zonder iets te laten zien. De sites zien het internetadres van deze computer.",
    },
    "hash.stored": {
        "en": "{added} fingerprint(s) added to case {id}; {dupes} were already in it.",
        "nl": "{added} vingerafdruk(ken) toegevoegd aan dossier {id}; {dupes} zaten er al in.",
    },
    "privacy.stayed": {
        "en": "Your images stayed on this device and were not copied or uploaded. Only fingerprints were saved: short codes that describe the shapes in a photo. They are not the photo, but keep them private all the same.",
        "nl": "Je afbeeldingen zijn op dit apparaat gebleven en zijn niet gekopieerd of verstuurd. Alleen vingerafdrukken zijn bewaard: korte codes die de vormen in een foto beschrijven. Ze zijn niet de foto zelf, maar houd ze toch privé.",
    },
    "privacy.not-kept": {
        "en": "Your images stayed on this device and were not copied or uploaded. Nothing was saved: to keep these fingerprints in a case, run the same command with --case ID.",
        "nl": "Je afbeeldingen zijn op dit apparaat gebleven en zijn niet gekopieerd of verstuurd. Er is niets bewaard: wil je deze vingerafdrukken in een dossier bewaren, voer dezelfde opdracht dan uit met --case ID.",
    },
    "hash.nothing": {
        "en": "No images were found there. Check the folder or file name and try again.",
        "nl": "Daar zijn geen afbeeldingen gevonden. Controleer de map- of bestandsnaam en probeer het opnieuw.",
    },
    "export.written": {
        "en": "Hash-only export written to {path}: {count} fingerprint(s), no images, no file names. Give it only to someone you trust, such as your counsellor.",
        "nl": "Export met alleen vingerafdrukken geschreven naar {path}: {count} vingerafdruk(ken), geen afbeeldingen, geen bestandsnamen. Geef hem alleen aan iemand die je vertrouwt, zoals je hulpverlener.",
    },
    "import.done": {
        "en": "Case {id} created from the export, with {count} fingerprint(s).",
        "nl": "Dossier {id} aangemaakt uit de export, met {count} vingerafdruk(ken).",
    },
    "help.footer": {
        "en": "You are not alone, and this is not your fault. For help right now: leakhelp support",
        "nl": "Je staat er niet alleen voor, en het is niet jouw schuld. Hulp nodig? leakhelp support",
    },
    # -- status checks (leakhelp check): one-line reasons, then the summary --
    "check.gone": {
        "en": "HTTP {status}: the page is gone",
        "nl": "HTTP {status}: de pagina is weg",
    },
    "check.legal": {
        "en": "HTTP 451: blocked for legal reasons",
        "nl": "HTTP 451: om juridische redenen geblokkeerd",
    },
    "check.placeholder": {
        "en": "redirected to the site's “removed” image",
        "nl": "doorgestuurd naar de “verwijderd”-afbeelding van de site",
    },
    "check.soft404": {
        "en": "the page says the content is not available (“{marker}”)",
        "nl": "de pagina zegt dat de inhoud niet beschikbaar is (“{marker}”)",
    },
    "check.challenge": {
        "en": "a bot check blocks the page (“{marker}”): cannot tell",
        "nl": "een robotcontrole blokkeert de pagina (“{marker}”): niet te zeggen",
    },
    "check.denied": {
        "en": "HTTP {status}: access denied, cannot tell whether it is still there",
        "nl": "HTTP {status}: geen toegang, niet te zeggen of het er nog staat",
    },
    "check.rate_limited": {
        "en": "the site asks to slow down (HTTP 429): try again later",
        "nl": "de site vraagt om rustiger aan te doen (HTTP 429): probeer het later opnieuw",
    },
    "check.server_error": {
        "en": "HTTP {status}: the site has a problem right now; try again later",
        "nl": "HTTP {status}: de site heeft nu een probleem; probeer het later opnieuw",
    },
    "check.no_location": {
        "en": "HTTP {status}: a redirect without a destination",
        "nl": "HTTP {status}: een doorverwijzing zonder bestemming",
    },
    "check.other_status": {
        "en": "HTTP {status}: an unexpected answer, cannot tell",
        "nl": "HTTP {status}: een onverwacht antwoord, niet te zeggen",
    },
    "check.login_redirect": {
        "en": "redirected to a login page: cannot tell without logging in (this is not proof of removal)",
        "nl": "doorgestuurd naar een inlogpagina: niet te zeggen zonder in te loggen (dit bewijst niet dat het weg is)",
    },
    "check.login_wall": {
        "en": "the page asks to log in (“{marker}”): cannot tell",
        "nl": "de pagina vraagt om in te loggen (“{marker}”): niet te zeggen",
    },
    "check.serves_image": {
        "en": "the address still serves the image ({match} match)",
        "nl": "het adres toont de afbeelding nog steeds ({match} overeenkomst)",
    },
    "check.shows_image": {
        "en": "the page still shows the image ({match} match)",
        "nl": "de pagina toont de afbeelding nog steeds ({match} overeenkomst)",
    },
    "check.serves_image_despite_marker": {
        "en": "the address still serves the image ({match} match), although it says “{marker}”",
        "nl": "het adres toont de afbeelding nog steeds ({match} overeenkomst), al staat er “{marker}”",
    },
    "check.shows_image_despite_marker": {
        "en": "the page still shows the image ({match} match), although it says “{marker}”",
        "nl": "de pagina toont de afbeelding nog steeds ({match} overeenkomst), al staat er “{marker}”",
    },
    "check.other_image": {
        "en": "the address is up but serves a different image, not one of this case",
        "nl": "het adres werkt maar toont een andere afbeelding, niet een uit dit dossier",
    },
    "check.other_image_page": {
        "en": "the page is up but shows a different image, not one of this case",
        "nl": "de pagina werkt maar toont een andere afbeelding, niet een uit dit dossier",
    },
    "check.empty": {
        "en": "HTTP {status} without any content: cannot tell",
        "nl": "HTTP {status} zonder inhoud: niet te zeggen",
    },
    "check.image": {
        "en": "the address serves an image (HTTP {status})",
        "nl": "het adres toont een afbeelding (HTTP {status})",
    },
    "check.image_too_big": {
        "en": "the address serves an image too large to compare (HTTP {status})",
        "nl": "het adres toont een afbeelding die te groot is om te vergelijken (HTTP {status})",
    },
    "check.image_unreadable": {
        "en": "the address serves a file that could not be read as an image (HTTP {status})",
        "nl": "het adres toont een bestand dat niet als afbeelding te lezen is (HTTP {status})",
    },
    "check.page": {
        "en": "the page is up (HTTP {status})",
        "nl": "de pagina staat online (HTTP {status})",
    },
    "check.page_no_preview": {
        "en": "the page is up (HTTP {status}); it names no preview image to compare",
        "nl": "de pagina staat online (HTTP {status}); er is geen voorbeeldafbeelding om te vergelijken",
    },
    "check.page_unavailable": {
        "en": "the page is up (HTTP {status}); its preview image could not be fetched",
        "nl": "de pagina staat online (HTTP {status}); de voorbeeldafbeelding was niet op te halen",
    },
    "check.page_too_big": {
        "en": "the page is up (HTTP {status}); its preview image is too large to compare",
        "nl": "de pagina staat online (HTTP {status}); de voorbeeldafbeelding is te groot om te vergelijken",
    },
    "check.page_unreadable": {
        "en": "the page is up (HTTP {status}); its preview image could not be read",
        "nl": "de pagina staat online (HTTP {status}); de voorbeeldafbeelding was niet te lezen",
    },
    "check.file": {
        "en": "the address serves a file ({type}, HTTP {status})",
        "nl": "het adres levert een bestand ({type}, HTTP {status})",
    },
    "check.loop": {
        "en": "the site redirects in a circle",
        "nl": "de site stuurt in een kringetje door",
    },
    "check.too_many_redirects": {
        "en": "more than {max} redirects",
        "nl": "meer dan {max} doorverwijzingen",
    },
    "check.invalid_url": {
        "en": "not a web address (it should start with https:// or http://)",
        "nl": "geen webadres (het moet beginnen met https:// of http://)",
    },
    "check.refused_scheme": {
        "en": "refused: only http and https addresses are checked",
        "nl": "geweigerd: alleen http- en https-adressen worden gecontroleerd",
    },
    "check.refused_credentials": {
        "en": "refused: addresses with a user name or password are not checked",
        "nl": "geweigerd: adressen met een gebruikersnaam of wachtwoord worden niet gecontroleerd",
    },
    "check.refused_private": {
        "en": "refused: {host} is a private or local address{address}; use --allow-private to check it anyway",
        "nl": "geweigerd: {host} is een privé- of lokaal adres{address}; gebruik --allow-private om het toch te controleren",
    },
    "check.timeout": {
        "en": "no answer within {seconds} s",
        "nl": "geen antwoord binnen {seconds} s",
    },
    "check.dns": {
        "en": "the host name {host} could not be found",
        "nl": "de hostnaam {host} is niet gevonden",
    },
    "check.connect": {
        "en": "could not connect to {host}",
        "nl": "kon geen verbinding maken met {host}",
    },
    "check.tls": {
        "en": "no secure connection to {host}: its certificate is not valid for it",
        "nl": "geen beveiligde verbinding met {host}: het certificaat is er niet geldig voor",
    },
    "check.reset": {
        "en": "the connection was broken off",
        "nl": "de verbinding werd verbroken",
    },
    "check.protocol": {
        "en": "the server's answer was not valid HTTP",
        "nl": "het antwoord van de server was geen geldig HTTP",
    },
    "check.internal": {
        "en": "could not be checked ({error})",
        "nl": "kon niet worden gecontroleerd ({error})",
    },
    "check.usage.all": {
        "en": "--all checks every open sighting of every case; leave out web addresses and --case.",
        "nl": "--all controleert alle open vindplaatsen van alle dossiers; laat webadressen en --case weg.",
    },
    "check.usage.nothing": {
        "en": "Nothing to check: give web addresses, --from FILE, --case ID or --all.",
        "nl": "Niets om te controleren: geef webadressen, --from BESTAND, --case ID of --all.",
    },
    "check.none_given": {
        "en": "No web addresses were found to check.",
        "nl": "Er zijn geen webadressen gevonden om te controleren.",
    },
    "check.none_open": {
        "en": "There are no open sightings to check: everything recorded has been removed, or nothing was recorded yet (leakhelp sighting add).",
        "nl": "Er zijn geen open vindplaatsen om te controleren: alles is verwijderd, of er is nog niets vastgelegd (leakhelp sighting add).",
    },
    "check.state.online": {"en": "online", "nl": "online"},
    "check.state.removed": {"en": "removed", "nl": "verwijderd"},
    "check.state.unknown": {"en": "unknown", "nl": "onbekend"},
    "check.state.unreachable": {"en": "unreachable", "nl": "onbereikbaar"},
    "check.match.strong": {"en": "yes (strong)", "nl": "ja (sterk)"},
    "check.match.possible": {"en": "maybe", "nl": "misschien"},
    "check.match.none": {"en": "other image", "nl": "andere afbeelding"},
    "check.col.state": {"en": "state", "nl": "status"},
    "check.col.url": {"en": "web address", "nl": "webadres"},
    "check.col.http": {"en": "HTTP", "nl": "HTTP"},
    "check.col.image": {"en": "your image?", "nl": "jouw afbeelding?"},
    "check.col.why": {"en": "why", "nl": "waarom"},
    "check.col.change": {"en": "since last check", "nl": "sinds vorige controle"},
    "check.change.first": {"en": "first check", "nl": "eerste controle"},
    "check.change.same": {"en": "no change", "nl": "geen verandering"},
    "check.change.was": {"en": "changed (was {state})", "nl": "veranderd (was {state})"},
    "check.summary": {
        "en": "{total} checked: {online} online, {removed} removed, {unknown} unknown, {unreachable} unreachable.",
        "nl": "{total} gecontroleerd: {online} online, {removed} verwijderd, {unknown} onbekend, {unreachable} onbereikbaar.",
    },
    "check.other_images": {
        "en": "{count} address(es) are up but now show a different image, not one of yours.",
        "nl": "{count} adres(sen) werken nog, maar tonen nu een andere afbeelding, niet een van jou.",
    },
    "check.changed": {
        "en": "Of {tracked} tracked address(es), {count} changed since the last check and {first} were checked for the first time. Every check is kept as evidence.",
        "nl": "Van {tracked} gevolgde adres(sen) zijn er {count} veranderd sinds de vorige controle en {first} voor het eerst gecontroleerd. Elke controle wordt bewaard als bewijs.",
    },
    "check.settled": {
        "en": "Done: request(s) {ids} are settled — everything they asked to remove is gone.",
        "nl": "Klaar: verzoek(en) {ids} zijn afgehandeld — alles wat ze vroegen te verwijderen is weg.",
    },
    "check.removed_note": {
        "en": "Removed is good news. Copies can come back; checking again now and then helps.",
        "nl": "Verwijderd is goed nieuws. Kopieën kunnen terugkomen; af en toe opnieuw controleren helpt.",
    },
    "check.unknown_note": {
        "en": "Unknown or unreachable does not mean removed: try again later, or ask someone you trust to look for you.",
        "nl": "Onbekend of onbereikbaar betekent niet verwijderd: probeer het later opnieuw, of vraag iemand die je vertrouwt om voor je te kijken.",
    },
    # -- platforms, letters, support (registry.py, letters.py, support.py) --
    "word.yes": {"en": "yes", "nl": "ja"},
    "word.no": {"en": "no", "nl": "nee"},
    "word.unknown": {"en": "unknown", "nl": "onbekend"},
    "confidence.V": {"en": "verified", "nl": "bevestigd"},
    "confidence.S": {"en": "secondary source", "nl": "secundaire bron"},
    "confidence.U": {
        "en": "unverified: check it first",
        "nl": "niet bevestigd: controleer het eerst",
    },
    "platforms.none": {
        "en": "leakhelp does not know this site. Look on the page for “Report”, “Abuse”, “Contact” or “DMCA”. In the EU you can send a DSA notice: leakhelp letter --basis dsa-16 --url URL",
        "nl": "leakhelp kent deze site niet. Zoek op de pagina naar “Report”, “Abuse”, “Contact” of “DMCA”. In de EU kun je een DSA-melding sturen: leakhelp letter --basis dsa-16 --url URL",
    },
    "platforms.invalid": {
        "en": "Not a web address leakhelp can read: {error}",
        "nl": "Geen webadres dat leakhelp kan lezen: {error}",
    },
    "platforms.first": {"en": "Report here first", "nl": "Meld eerst hier"},
    "platforms.other": {"en": "Other channels", "nl": "Andere kanalen"},
    "platforms.stopncii": {"en": "Takes StopNCII hashes", "nl": "Werkt met StopNCII-hashes"},
    "platforms.tid": {"en": "Takes Take It Down hashes", "nl": "Werkt met Take It Down-hashes"},
    "platforms.law": {"en": "What the law asks of it", "nl": "Wat de wet van het platform vraagt"},
    "platforms.letters": {
        "en": "Letters that fit, best first",
        "nl": "Passende brieven, beste eerst",
    },
    "platforms.notes": {"en": "Notes for helpers", "nl": "Aantekeningen voor hulpverleners"},
    "platforms.checked": {
        "en": "Checked on {date} against stored copies of the sources. Forms move: open the link in a browser before you rely on it.",
        "nl": "Gecontroleerd op {date} aan de hand van opgeslagen kopieën van de bronnen. Formulieren verhuizen: open de link in een browser voordat je erop vertrouwt.",
    },
    "platforms.cdn": {
        "en": "{name} is usually not the host: it passes your report on and tells you who the host is. Send your request to the host as well.",
        "nl": "{name} is meestal niet de hostingpartij: het stuurt je melding door en vertelt je wie de host is. Stuur je verzoek ook naar die host.",
    },
    "platforms.file-ok": {
        "en": "{path} is valid: {count} platform(s).",
        "nl": "{path} is in orde: {count} platform(s).",
    },
    "platforms.count": {
        "en": "{count} platforms. Details: leakhelp platforms show NAME",
        "nl": "{count} platforms. Details: leakhelp platforms show NAAM",
    },
    "duty.tida-48h": {
        "en": "US TAKE IT DOWN Act (sec. 3): remove within 48 hours of a valid request, and known identical copies too.",
        "nl": "Amerikaanse TAKE IT DOWN Act (sec. 3): binnen 48 uur na een geldig verzoek verwijderen, ook bekende identieke kopieën.",
    },
    "duty.dsa-16": {
        "en": "EU Digital Services Act (Art. 16): accept your notice online, confirm receipt, decide carefully and without delay, and tell you the decision and how to challenge it.",
        "nl": "EU-digitaledienstenverordening (DSA, art. 16): je melding online aannemen, de ontvangst bevestigen, zorgvuldig en zonder vertraging beslissen, en je het besluit laten weten en hoe je het kunt aanvechten.",
    },
    "duty.gdpr-17": {
        "en": "GDPR (Art. 17 and 12(3)): erase personal data processed unlawfully, and answer your request within one month.",
        "nl": "AVG (art. 17 en 12 lid 3): onrechtmatig verwerkte persoonsgegevens wissen, en binnen een maand op je verzoek reageren.",
    },
    "letter.missing": {
        "en": "This letter cannot be written yet; nothing was printed. It still needs: {fields}",
        "nl": "Deze brief kan nog niet worden geschreven; er is niets afgedrukt. Er ontbreekt nog: {fields}",
    },
    "letter.minor": {
        "en": "The person in the images was under 18. First use Take It Down (takeitdown.ncmec.org): it makes fingerprints on your own device, nothing is uploaded. Talk to Helpwanted (helpwanted.nl, 020-261 52 75) or another helpline: leakhelp support. Never send the images to anyone.",
        "nl": "De persoon op de beelden was jonger dan 18. Gebruik eerst Take It Down (takeitdown.ncmec.org): dat maakt vingerafdrukken op je eigen apparaat, er wordt niets geüpload. Praat met Helpwanted (helpwanted.nl, 020-261 52 75) of een andere hulplijn: leakhelp support. Stuur de beelden nooit naar iemand.",
    },
    "letter.where": {
        "en": "Send it here: {where} ({confidence}).",
        "nl": "Stuur hem hierheen: {where} ({confidence}).",
    },
    "letter.nowhere": {
        "en": "leakhelp knows no form or address for this letter here. Use the site's Report or Contact page.",
        "nl": "leakhelp kent hier geen formulier of adres voor deze brief. Gebruik de meld- of contactpagina van de site.",
    },
    "letter.keep": {
        "en": "Keep a copy, note the date you send it, and keep the reference number you get back. The letter contains no images.",
        "nl": "Bewaar een kopie, noteer de datum waarop je hem verstuurt, en bewaar het referentienummer dat je terugkrijgt. Er staan geen beelden in de brief.",
    },
    "letter.saved": {"en": "Letter saved to {path}.", "nl": "Brief opgeslagen in {path}."},
    "letter.warn.dmca": {
        "en": "A DMCA notice, with your name and contact details, is often passed on to the person who posted the content and may be published (Lumen database). Give contact details you are safe sharing.",
        "nl": "Een DMCA-kennisgeving, met je naam en contactgegevens, wordt vaak doorgestuurd naar degene die de inhoud plaatste en kan worden gepubliceerd (Lumen-database). Geef contactgegevens die je veilig kunt delen.",
    },
    "letter.warn.domains": {
        "en": "{count} URL(s) are not on {platform}'s known domains. Check that this letter goes to the right place.",
        "nl": "{count} URL('s) staan niet op de bekende domeinen van {platform}. Controleer of deze brief naar de juiste plek gaat.",
    },
    "support.title": {"en": "Where to get help", "nl": "Waar je hulp kunt krijgen"},
    "support.minors": {
        "en": "Under 18, or under 18 in the images? Use Take It Down (takeitdown.ncmec.org): it works on your own device and nothing is uploaded. Never send the images to anyone.",
        "nl": "Jonger dan 18, of jonger dan 18 op de beelden? Gebruik Take It Down (takeitdown.ncmec.org): het werkt op je eigen apparaat en er wordt niets geüpload. Stuur de beelden nooit naar iemand.",
    },
    "support.unverified": {
        "en": "(unverified) = not confirmed from an official source: check the number or site first.",
        "nl": "(niet bevestigd) = niet bevestigd door een officiële bron: controleer het nummer of de site eerst.",
    },
    "support.nocountry": {
        "en": "leakhelp has no local contacts for {country} yet. These work everywhere:",
        "nl": "leakhelp heeft nog geen contacten in {country}. Deze werken overal:",
    },
    "support.all": {
        "en": "All countries are shown. Choose yours with --country, e.g. --country NL ({countries}).",
        "nl": "Alle landen staan erbij. Kies je land met --country, bijvoorbeeld --country NL ({countries}).",
    },
    "support.emergency": {
        "en": "In danger right now? Call the emergency number: {numbers}.",
        "nl": "Nu in gevaar? Bel het alarmnummer: {numbers}.",
    },
    "support.closing": {
        "en": "You are not alone, and this is not your fault.",
        "nl": "Je staat er niet alleen voor, en het is niet jouw schuld.",
    },
    "error.prefix": {"en": "Error", "nl": "Fout"},
    "error.unexpected": {
        "en": "Something went wrong inside leakhelp. Nothing was sent anywhere. Run again with --debug to see the details.",
        "nl": "Er ging iets mis in leakhelp. Er is niets verstuurd. Voer het opnieuw uit met --debug om de details te zien.",
    },
    # -- case tracking: sightings, requests, deadlines, reports ---------------
    "sighting.summary": {
        "en": "{added} new sighting(s), {again} seen again, {failed} could not be used.",
        "nl": "{added} nieuwe vindplaats(en), {again} opnieuw gezien, {failed} niet te gebruiken.",
    },
    "sighting.next": {
        "en": "Next: write the removal requests with: leakhelp request draft {id}",
        "nl": "Volgende stap: schrijf de verwijderverzoeken met: leakhelp request draft {id}",
    },
    "sighting.none": {
        "en": "No sightings in this case yet. Add the web addresses where you saw it: leakhelp sighting add {id} URL",
        "nl": "Nog geen vindplaatsen in dit dossier. Voeg de webadressen toe waar je het zag: leakhelp sighting add {id} URL",
    },
    "sighting.nothing-given": {
        "en": "Give one or more web addresses, or a file with --from.",
        "nl": "Geef een of meer webadressen, of een bestand met --from.",
    },
    "sighting.marked-removed": {
        "en": "Sighting {id} is marked as removed.",
        "nl": "Vindplaats {id} is gemarkeerd als verwijderd.",
    },
    "sighting.reopened": {
        "en": "Sighting {id} is open again.",
        "nl": "Vindplaats {id} staat weer open.",
    },
    "request.settled": {
        "en": "Request {ids} settled: everything it asked for is removed.",
        "nl": "Verzoek {ids} afgerond: alles waar het om vroeg is verwijderd.",
    },
    "request.reopened": {
        "en": "Request {ids} is open again, because content it covered is back online.",
        "nl": "Verzoek {ids} staat weer open, omdat iets waar het om ging weer online staat.",
    },
    "profile.saved": {
        "en": "Details of case {id} saved. They are only used to fill in letters, and never go into exports, reports or stats.",
        "nl": "Gegevens van dossier {id} opgeslagen. Ze worden alleen gebruikt om brieven in te vullen en komen nooit in exports, rapporten of statistieken.",
    },
    "profile.empty": {
        "en": "No details saved yet. Letters need at least a name and an e-mail address: leakhelp case profile {id} --name NAME --email ADDRESS",
        "nl": "Nog geen gegevens opgeslagen. Brieven hebben minstens een naam en e-mailadres nodig: leakhelp case profile {id} --name NAAM --email ADRES",
    },
    "request.nothing": {
        "en": "There are no open sightings without a request, so there is nothing to write. Add sightings with: leakhelp sighting add {id} URL",
        "nl": "Er zijn geen open vindplaatsen zonder verzoek, dus er valt niets te schrijven. Voeg vindplaatsen toe met: leakhelp sighting add {id} URL",
    },
    "request.drafted": {
        "en": "Request {rid} drafted for {target} ({basis}), covering {n} web address(es).",
        "nl": "Verzoek {rid} opgesteld voor {target} ({basis}), voor {n} webadres(sen).",
    },
    "request.missing": {
        "en": "The letter to {target} still needs: {fields}.",
        "nl": "De brief aan {target} heeft nog nodig: {fields}.",
    },
    "request.missing-profile": {
        "en": "Add them once with: leakhelp case profile {id} {options}",
        "nl": "Vul ze één keer in met: leakhelp case profile {id} {options}",
    },
    "request.missing-option": {
        "en": "Give them to request draft with: {options}",
        "nl": "Geef ze mee aan request draft met: {options}",
    },
    "request.missing-to": {
        "en": "No e-mail address is known for this platform: use --format txt and its web form.",
        "nl": "Voor dit platform is geen e-mailadres bekend: gebruik --format txt en het webformulier.",
    },
    "request.written": {
        "en": "Letter saved to {path} (only readable by you).",
        "nl": "Brief opgeslagen in {path} (alleen door jou te lezen).",
    },
    "request.draft-next": {
        "en": "Send each letter through the platform's form or by e-mail. Then note it, so leakhelp can watch the deadline: leakhelp request sent ID --channel form --reference TICKET",
        "nl": "Verstuur elke brief via het formulier van het platform of per e-mail. Noteer het daarna, zodat leakhelp de termijn bewaakt: leakhelp request sent ID --channel form --reference TICKETNUMMER",
    },
    "request.sent": {
        "en": "Request {id} noted as sent on {sent}. The platform has until {due} to act.",
        "nl": "Verzoek {id} genoteerd als verstuurd op {sent}. Het platform heeft tot {due} om te handelen.",
    },
    "request.acknowledged": {
        "en": "Reference {reference} saved for request {id}.",
        "nl": "Referentie {reference} opgeslagen bij verzoek {id}.",
    },
    "request.answered": {
        "en": "Answer saved for request {id}: {outcome}.",
        "nl": "Antwoord opgeslagen bij verzoek {id}: {outcome}.",
    },
    "request.reminded": {
        "en": "Reminder noted for request {id}. Send the text above through the same channel as the request.",
        "nl": "Herinnering genoteerd bij verzoek {id}. Stuur de tekst hierboven via hetzelfde kanaal als het verzoek.",
    },
    "request.escalated": {
        "en": "Noted: request {id} was taken to {to}.",
        "nl": "Genoteerd: verzoek {id} is voorgelegd aan {to}.",
    },
    "request.deadline": {
        "en": "Request {id} now has until {due}.",
        "nl": "Verzoek {id} heeft nu tot {due}.",
    },
    "request.none": {
        "en": "No requests yet. Write them with: leakhelp request draft CASE",
        "nl": "Nog geen verzoeken. Schrijf ze met: leakhelp request draft DOSSIER",
    },
    "overdue.none": {
        "en": "No platform is late with a request. leakhelp will tell you here when one is.",
        "nl": "Geen enkel platform is te laat met een verzoek. leakhelp laat het hier zien als dat wel zo is.",
    },
    "overdue.some": {
        "en": "{n} request(s) are past their deadline. That is the platform's failure, not yours; the next step for each is listed.",
        "nl": "{n} verzoek(en) zijn over de termijn. Dat ligt aan het platform, niet aan jou; de volgende stap staat er steeds bij.",
    },
    "stats.none": {
        "en": "No requests have been sent yet, so there are no figures.",
        "nl": "Er zijn nog geen verzoeken verstuurd, dus er zijn nog geen cijfers.",
    },
    "stats.private": {
        "en": "These figures contain no names, e-mail addresses or URLs, so they can be shared.",
        "nl": "Deze cijfers bevatten geen namen, e-mailadressen of URL's en kunnen dus gedeeld worden.",
    },
    "report.written": {
        "en": "Evidence report written to {path} (only readable by you). It contains no images and no fingerprints.",
        "nl": "Bewijsoverzicht geschreven naar {path} (alleen door jou te lezen). Er staan geen afbeeldingen en geen vingerafdrukken in.",
    },
    "show.done": {"en": "Done:", "nl": "Gedaan:"},
    "show.waiting": {"en": "Waiting:", "nl": "Wacht op anderen:"},
    "show.next": {"en": "Next:", "nl": "Volgende stap:"},
    "show.timeline": {"en": "timeline", "nl": "tijdlijn"},
    "overview.removed": {
        "en": "{n} of {total} web address(es) no longer show it.",
        "nl": "{n} van de {total} webadres(sen) tonen het niet meer.",
    },
    "overview.sent": {
        "en": "{n} removal request(s) sent.",
        "nl": "{n} verwijderverzoek(en) verstuurd.",
    },
    "overview.settled": {
        "en": "{n} request(s) fully settled.",
        "nl": "{n} verzoek(en) helemaal afgerond.",
    },
    "overview.nothing-done": {
        "en": "Nothing yet — that is fine; one step at a time.",
        "nl": "Nog niets — dat is goed; stap voor stap.",
    },
    "overview.nothing-waiting": {
        "en": "Nothing is waiting for a platform right now.",
        "nl": "Er wacht nu niets op een platform.",
    },
    "overview.nothing-next": {
        "en": "Nothing needs doing now. leakhelp check can look at the web addresses again later.",
        "nl": "Er hoeft nu niets te gebeuren. Met leakhelp check kun je de webadressen later opnieuw bekijken.",
    },
    "next.send": {
        "en": "Request {id} is written but not sent. Send it, then: leakhelp request sent {id} --channel form|email",
        "nl": "Verzoek {id} is geschreven maar nog niet verstuurd. Verstuur het en daarna: leakhelp request sent {id} --channel form|email",
    },
    "next.done": {
        "en": "Request {id}: everything it asked for is removed.",
        "nl": "Verzoek {id}: alles waar het om vroeg is verwijderd.",
    },
    "next.follow-up": {
        "en": "Request {id} was taken to {to}; keep their reference, and check the web addresses now and then (leakhelp check).",
        "nl": "Verzoek {id} is voorgelegd aan {to}; bewaar hun kenmerk en controleer de webadressen af en toe (leakhelp check).",
    },
    "next.refused": {
        "en": "Request {id} was refused. You can take it further: see the options below.",
        "nl": "Verzoek {id} is geweigerd. Je kunt verder gaan: zie de mogelijkheden hieronder.",
    },
    "next.wait": {
        "en": "Request {id}: the platform has until {due}.",
        "nl": "Verzoek {id}: het platform heeft tot {due}.",
    },
    "next.wait-partial": {
        "en": "Request {id}: part was removed; the platform has until {due} for the rest.",
        "nl": "Verzoek {id}: een deel is verwijderd; het platform heeft tot {due} voor de rest.",
    },
    "next.remind": {
        "en": "Request {id} is past its deadline. Send a reminder: leakhelp request remind {id}",
        "nl": "Verzoek {id} is over de termijn. Stuur een herinnering: leakhelp request remind {id}",
    },
    "next.wait-reminder": {
        "en": "Request {id}: a reminder was sent; give the platform until {due}.",
        "nl": "Verzoek {id}: er is een herinnering gestuurd; geef het platform tot {due}.",
    },
    "next.escalate": {
        "en": "Request {id}: the platform did not act, even after a reminder. Take it further (then: leakhelp request escalate {id} --to ROUTE):",
        "nl": "Verzoek {id}: het platform deed niets, ook niet na een herinnering. Ga verder (daarna: leakhelp request escalate {id} --to ROUTE):",
    },
    "next.draft": {
        "en": "{n} web address(es) have no removal request yet: leakhelp request draft {id}",
        "nl": "{n} webadres(sen) hebben nog geen verwijderverzoek: leakhelp request draft {id}",
    },
    "next.add-sightings": {
        "en": "Add the web addresses where you saw the images: leakhelp sighting add {id} URL",
        "nl": "Voeg de webadressen toe waar je de beelden zag: leakhelp sighting add {id} URL",
    },
    "reminder.subject": {
        "en": "Reminder: removal request of {sent} (reference {reference})",
        "nl": "Herinnering: verwijderverzoek van {sent} (kenmerk {reference})",
    },
    "reminder.body": {
        "en": "Hello,\n\nOn {sent} I asked you to remove intimate images of me that were published without my consent ({basis}, reference {reference}). You were to act by {deadline}. As of {today} the content is still available, or I have not received an answer.\n\nThe web addresses:\n{urls}\n\nPlease remove the content now and tell me the outcome. If I do not hear from you soon, I will take this further to the competent authorities.\n\n{name}\n{email}\n",
        "nl": "Beste,\n\nOp {sent} heb ik u gevraagd intieme beelden van mij te verwijderen die zonder mijn toestemming zijn gepubliceerd ({basis}, kenmerk {reference}). U had moeten handelen vóór {deadline}. Op {today} is de inhoud nog steeds te zien, of heb ik geen antwoord ontvangen.\n\nDe webadressen:\n{urls}\n\nVerwijder de inhoud alstublieft nu en laat mij de uitkomst weten. Als ik niet snel iets van u hoor, leg ik dit voor aan de bevoegde instanties.\n\n{name}\n{email}\n",
    },
    # -- scan ---------------------------------------------------------------
    "scan.summary": {
        "en": "{total} image(s) looked at: {strong} strong match(es), {possible} possible, {none} no match, {failed} could not be read.",
        "nl": "{total} afbeelding(en) bekeken: {strong} sterke overeenkomst(en), {possible} mogelijke, {none} geen overeenkomst, {failed} niet te lezen.",
    },
    "scan.strong": {
        "en": "Strong matches are copies of the images in the fingerprints: you can act on them (report the web address, ask for removal).",
        "nl": "Sterke overeenkomsten zijn kopieën van de beelden in de vingerafdrukken: je kunt er iets mee doen (het webadres melden, om verwijdering vragen).",
    },
    "scan.possible": {
        "en": "Possible matches look alike but are not certain (a crop, a screenshot, a heavy edit): someone should look at them before acting.",
        "nl": "Mogelijke overeenkomsten lijken op elkaar maar zijn niet zeker (uitgesneden, een screenshot, sterk bewerkt): laat iemand ze bekijken voordat je iets doet.",
    },
    "scan.none": {
        "en": "None of these images matched the fingerprints.",
        "nl": "Geen van deze afbeeldingen kwam overeen met de vingerafdrukken.",
    },
    "scan.hidden": {
        "en": "{count} image(s) without a match are not listed (add --all to list them).",
        "nl": "{count} afbeelding(en) zonder overeenkomst staan niet in de lijst (voeg --all toe om ze te zien).",
    },
    "scan.low-quality": {
        "en": "{count} image(s) are very plain (flat or tiny): they can only ever be a possible match.",
        "nl": "{count} afbeelding(en) zijn erg egaal (vlak of heel klein): die kunnen hooguit een mogelijke overeenkomst zijn.",
    },
    "scan.nothing": {
        "en": "No images were found there. Check the folder or file name and try again.",
        "nl": "Daar zijn geen afbeeldingen gevonden. Controleer de map- of bestandsnaam en probeer het opnieuw.",
    },
    "scan.stored-nothing": {
        "en": "Nothing was stored: not these images, not their names, not the results.",
        "nl": "Er is niets opgeslagen: niet deze afbeeldingen, niet hun namen, niet de uitkomsten.",
    },
    # -- checks: time budgets, unreadable bodies, whole-page scans (branch checks) --
    "check.budget": {
        "en": "gave up after {seconds} s in all (redirects and retries included); try again later",
        "nl": "gestopt na {seconds} s in totaal (doorverwijzingen en nieuwe pogingen meegeteld); probeer het later opnieuw",
    },
    "check.busy": {
        "en": "could not be checked in time because this computer was busy; try again",
        "nl": "kon niet op tijd worden gecontroleerd omdat deze computer het druk had; probeer het opnieuw",
    },
    "scan.page.summary": {
        "en": "Page {number} ({url}): {compared} image(s) compared, {strong} strong, {possible} possible, {failed} could not be fetched.",
        "nl": "Pagina {number} ({url}): {compared} afbeelding(en) vergeleken, {strong} sterk, {possible} mogelijk, {failed} niet op te halen.",
    },
    "scan.page.failed": {
        "en": "Page {number} ({url}): nothing compared: {reason}.",
        "nl": "Pagina {number} ({url}): niets vergeleken: {reason}.",
    },
    "scan.page.tiny": {
        "en": "  {count} tiny image(s) (icons, avatars, tracking pixels) were skipped.",
        "nl": "  {count} heel kleine afbeelding(en) (pictogrammen, profielfotootjes, volgpixels) zijn overgeslagen.",
    },
    "scan.page.over-cap": {
        "en": "  {count} more image(s) on this page were not compared: the limit per page was reached (--max-images raises it).",
        "nl": "  Nog {count} afbeelding(en) op deze pagina zijn niet vergeleken: het maximum per pagina was bereikt (--max-images verhoogt het).",
    },
    "scan.page.budget": {
        "en": "  Time for this page ran out: {count} image(s) were not compared. The rest of the run went on.",
        "nl": "  De tijd voor deze pagina was op: {count} afbeelding(en) zijn niet vergeleken. De rest ging gewoon door.",
    },
    "scan.page.loop": {
        "en": "  Its next page leads back to a page already looked at: stopped here.",
        "nl": "  De volgende pagina leidt terug naar een pagina die al bekeken is: hier gestopt.",
    },
    "scan.page.max-pages": {
        "en": "  The limit of pages for this run was reached (--max-pages raises it).",
        "nl": "  Het maximum aantal pagina's voor deze keer was bereikt (--max-pages verhoogt het).",
    },
    "scan.page.videos": {
        "en": "  {count} video(s) on this page (listed, not compared): {urls}",
        "nl": "  {count} video('s) op deze pagina (genoemd, niet vergeleken): {urls}",
    },
    "scan.pages-summary": {
        "en": "{pages} web page(s) looked at: {compared} image(s) compared, {strong} strong match(es), {possible} possible, {failed} could not be fetched.",
        "nl": "{pages} webpagina('s) bekeken: {compared} afbeelding(en) vergeleken, {strong} sterke overeenkomst(en), {possible} mogelijk, {failed} niet op te halen.",
    },
    "scan.page.columns": {
        "en": "page|image address|match|distance|fingerprint|how",
        "nl": "pagina|adres van de afbeelding|overeenkomst|afstand|vingerafdruk|hoe",
    },
    "check.encoded": {
        "en": "the site answered (HTTP {status}) in a compressed form leakhelp does not read ({encoding}); the page text was not checked",
        "nl": "de site antwoordde (HTTP {status}) in een ingepakte vorm die leakhelp niet leest ({encoding}); de tekst van de pagina is niet gecontroleerd",
    },
}


#: Table column headings, by the English heading used in the code.
COLUMNS: dict[str, dict[Lang, str]] = {
    "id": {"en": "id", "nl": "nr"},
    "name": {"en": "name", "nl": "naam"},
    "lang": {"en": "lang", "nl": "taal"},
    "fingerprints": {"en": "fingerprints", "nl": "vingerafdrukken"},
    "created": {"en": "created", "nl": "aangemaakt"},
    "when": {"en": "when", "nl": "wanneer"},
    "what": {"en": "what", "nl": "wat"},
    "field": {"en": "field", "nl": "veld"},
    "value": {"en": "value", "nl": "waarde"},
    "url": {"en": "web address", "nl": "webadres"},
    "platform": {"en": "platform", "nl": "platform"},
    "result": {"en": "result", "nl": "resultaat"},
    "first seen": {"en": "first seen", "nl": "eerst gezien"},
    "last seen": {"en": "last seen", "nl": "laatst gezien"},
    "state": {"en": "state", "nl": "stand"},
    "last check": {"en": "last check", "nl": "laatste controle"},
    "case": {"en": "case", "nl": "dossier"},
    "to": {"en": "to", "nl": "aan"},
    "basis": {"en": "basis", "nl": "grondslag"},
    "status": {"en": "status", "nl": "status"},
    "sent": {"en": "sent", "nl": "verstuurd"},
    "deadline": {"en": "deadline", "nl": "termijn"},
    "reference": {"en": "reference", "nl": "referentie"},
    "request": {"en": "request", "nl": "verzoek"},
    "late": {"en": "late", "nl": "te laat"},
    "since": {"en": "since", "nl": "sinds"},
    "sightings open": {"en": "sightings open", "nl": "vindplaatsen open"},
    "requests open": {"en": "requests open", "nl": "verzoeken open"},
    "overdue": {"en": "overdue", "nl": "te laat"},
    "removed": {"en": "removed", "nl": "verwijderd"},
    "refused": {"en": "refused", "nl": "geweigerd"},
    "partial": {"en": "partial", "nl": "deels"},
    "no reply": {"en": "no reply", "nl": "geen antwoord"},
    "waiting": {"en": "waiting", "nl": "wacht"},
    "escalated": {"en": "escalated", "nl": "opgeschaald"},
    "median days to removal": {
        "en": "median days to removal",
        "nl": "mediaan dagen tot verwijdering",
    },
    "kind": {"en": "kind", "nl": "soort"},
    "domains": {"en": "domains", "nl": "domeinen"},
    "letters": {"en": "letters", "nl": "brieven"},
    "StopNCII": {"en": "StopNCII", "nl": "StopNCII"},
}


def columns(lang: Lang, *names: str) -> list[str]:
    """Column headings in ``lang``; a heading without a translation stays as it is."""
    return [COLUMNS.get(name, {}).get(lang, name) for name in names]


#: The one-line reasons the library gives when one input cannot be used. The
#: library raises and reports them in English (``why(key)``): they travel as
#: text, in JSON lines and from worker processes. :func:`reason` shows such a
#: text in the reader's language by matching it back to its entry here.
REASONS: dict[str, dict[Lang, str]] = {
    "empty-data": {"en": "empty data, not an image", "nl": "lege gegevens, geen afbeelding"},
    "folder": {"en": "is a folder, not an image", "nl": "is een map, geen afbeelding"},
    "special-file": {
        "en": "not a regular file (a device, pipe or socket)",
        "nl": "geen gewoon bestand (een apparaat, pipe of socket)",
    },
    "empty-file": {
        "en": "empty file (0 bytes), not an image",
        "nl": "leeg bestand (0 bytes), geen afbeelding",
    },
    "not-image": {
        "en": "not an image leakhelp can read",
        "nl": "geen afbeelding die leakhelp kan lezen",
    },
    "no-memory": {
        "en": "not enough memory to decode this image",
        "nl": "niet genoeg geheugen om deze afbeelding te lezen",
    },
    "too-large": {
        "en": "image too large (more than {megapixels} megapixels), refused for safety",
        "nl": "afbeelding te groot (meer dan {megapixels} megapixel), voor de veiligheid geweigerd",
    },
    "missing": {"en": "file not found", "nl": "bestand niet gevonden"},
    "no-permission": {
        "en": "no permission to read this file",
        "nl": "geen toestemming om dit bestand te lezen",
    },
    "link-loop": {
        "en": "the link points to itself (a symbolic link loop)",
        "nl": "de snelkoppeling verwijst naar zichzelf (een symbolische-linklus)",
    },
    "dangling-link": {
        "en": "the link points to a file that does not exist",
        "nl": "de snelkoppeling verwijst naar een bestand dat niet bestaat",
    },
    "name-too-long": {"en": "the file name is too long", "nl": "de bestandsnaam is te lang"},
    "unreadable": {
        "en": "the file could not be read ({detail})",
        "nl": "het bestand kon niet worden gelezen ({detail})",
    },
    "unreadable-folder": {
        "en": "folder could not be read (no permission?)",
        "nl": "de map kon niet worden gelezen (geen toestemming?)",
    },
    "truncated": {
        "en": "the file is damaged or incomplete (truncated image)",
        "nl": "het bestand is beschadigd of onvolledig (afgebroken afbeelding)",
    },
    "undecodable": {
        "en": "the image could not be decoded ({detail})",
        "nl": "de afbeelding kon niet worden gelezen ({detail})",
    },
    "no-pixels": {"en": "the image has no pixels", "nl": "de afbeelding heeft geen pixels"},
    "crashed": {
        "en": "the image decoder stopped while reading this file (it may be damaged)",
        "nl": "het programma dat de afbeelding leest stopte bij dit bestand (het is misschien beschadigd)",
    },
    "too-slow": {
        "en": "stopped: reading this file took longer than {seconds} seconds (it may be built to stall)",
        "nl": "gestopt: het lezen van dit bestand duurde langer dan {seconds} seconden (het is misschien gemaakt om vast te lopen)",
    },
    "unexpected": {
        "en": "unexpected error while reading: {detail}",
        "nl": "onverwachte fout bij het lezen: {detail}",
    },
}


def why(key: str, **values: object) -> str:
    """The English reason ``key`` (what the library reports and JSON lines carry)."""
    return REASONS[key]["en"].format(**values)


def reason(text: str, lang: Lang) -> str:
    """A reason from :func:`why`, in ``lang``; any other text is shown as it is."""
    if lang == "en":
        return text
    for texts in REASONS.values():
        found = _pattern(texts["en"]).fullmatch(text)
        if found:
            return texts[lang].format(**found.groupdict())
    return text


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.S)


def detect_lang(explicit: str | None = None) -> Lang:
    """--lang, else LEAKHELP_LANG, else the system locale (Dutch when it says so), else English."""
    for candidate in (explicit, os.environ.get(ENV_LANG), *_locale_names()):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGS:
                return code
            if candidate is explicit:
                return "en"
    return "en"


def _locale_names() -> list[str | None]:
    names: list[str | None] = [os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        names.append(locale.getlocale()[0])
    return [n for n in names if n and n not in ("C", "POSIX", "C.UTF-8")]


def t(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in."""
    text = MESSAGES[key].get(lang) or MESSAGES[key]["en"]
    return text.format(**values)
