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
        "en": "The person in the images was under 18. Take It Down (takeitdown.ncmec.org) makes fingerprints on your own device, nothing is uploaded. Never send, forward, save or screenshot the images, not even as evidence: write down the URLs and usernames instead. More help: leakhelp support --minor",
        "nl": "De persoon op de beelden was jonger dan 18. Take It Down (takeitdown.ncmec.org) maakt vingerafdrukken op je eigen apparaat, er wordt niets geüpload. Stuur, deel, bewaar of screenshot de beelden nooit, ook niet als bewijs: schrijf de URL's en gebruikersnamen op. Meer hulp: leakhelp support --minor",
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
        "en": "Under 18, or under 18 in the images? Use Take It Down (takeitdown.ncmec.org): it works on your own device and nothing is uploaded. Never send, save or screenshot the images; write down the URLs instead. Services for minors: leakhelp support --minor",
        "nl": "Jonger dan 18, of jonger dan 18 op de beelden? Gebruik Take It Down (takeitdown.ncmec.org): het werkt op je eigen apparaat en er wordt niets geüpload. Stuur, bewaar of screenshot de beelden nooit; schrijf de URL's op. Diensten voor minderjarigen: leakhelp support --minor",
    },
    "support.unverified": {
        "en": "(unverified) = not confirmed from an official source: check the number or site first.",
        "nl": "(niet bevestigd) = niet bevestigd door een officiële bron: controleer het nummer of de site eerst.",
    },
    "support.nocountry": {
        "en": "leakhelp has no contacts in {country} yet. These international services work from everywhere; your country's police and emergency number help too:",
        "nl": "leakhelp heeft nog geen contacten in {country}. Deze internationale diensten werken overal; ook de politie en het alarmnummer van je land helpen:",
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
    # -- the local web app (leakhelp ui): keys "web.*" --------------------------
    "web.title": {"en": "What happened?", "nl": "Wat is er gebeurd?"},
    "web.skip": {"en": "Skip to the page", "nl": "Ga naar de inhoud"},
    "web.nav.label": {"en": "Main menu", "nl": "Hoofdmenu"},
    "web.nav.find": {"en": "Find copies", "nl": "Kopieën zoeken"},
    "web.nav.where": {"en": "Where to report", "nl": "Waar melden"},
    "web.nav.cases": {"en": "All cases", "nl": "Alle dossiers"},
    "web.nav.help": {"en": "Help now", "nl": "Nu hulp"},
    "web.footer.private": {
        "en": "Everything stays on this computer. Your photos are never uploaded or saved.",
        "nl": "Alles blijft op deze computer. Je foto's worden nooit geüpload of bewaard.",
    },
    "web.footer.help": {
        "en": "Want to talk to someone? See who can help.",
        "nl": "Wil je met iemand praten? Kijk wie je kan helpen.",
    },
    "web.yes": {"en": "Yes", "nl": "Ja"},
    "web.no": {"en": "No", "nl": "Nee"},
    "web.start.title": {"en": "What happened?", "nl": "Wat is er gebeurd?"},
    "web.start.calm": {
        "en": "It is not your fault, and you are not alone. Take your time: nothing here is sent anywhere.",
        "nl": "Het is niet jouw schuld, en je staat er niet alleen voor. Neem je tijd: niets hier wordt ergens heen gestuurd.",
    },
    "web.start.doors": {"en": "Choose what fits best", "nl": "Kies wat het best past"},
    "web.door.online": {"en": "My images are online", "nl": "Mijn beelden staan online"},
    "web.door.online.hint": {
        "en": "Someone shared intimate photos or videos of me without my consent.",
        "nl": "Iemand heeft intieme foto's of video's van mij gedeeld zonder dat ik dat wilde.",
    },
    "web.door.threat": {
        "en": "Someone threatens to share them",
        "nl": "Iemand dreigt ze te delen",
    },
    "web.door.threat.hint": {
        "en": "Someone wants money, more images or something else, or they will share them.",
        "nl": "Iemand wil geld, meer beelden of iets anders, anders deelt die ze.",
    },
    "web.door.helping": {"en": "I am helping someone", "nl": "Ik help iemand"},
    "web.door.helping.hint": {
        "en": "I am a parent, friend, teacher, youth worker or counsellor.",
        "nl": "Ik ben ouder, vriend(in), docent, jongerenwerker of hulpverlener.",
    },
    "web.start.minor": {
        "en": "Were you under 18 in the images?",
        "nl": "Was je jonger dan 18 op de beelden?",
    },
    "web.start.minor.why": {
        "en": "This changes which laws and services help you most. If you are not sure, choose 'not sure'.",
        "nl": "Dit bepaalt welke wetten en diensten je het best helpen. Weet je het niet zeker, kies dan 'weet ik niet'.",
    },
    "web.start.minor.unsure": {"en": "Not sure", "nl": "Weet ik niet"},
    "web.start.country": {"en": "Where do you live?", "nl": "Waar woon je?"},
    "web.start.go": {"en": "Show me what to do", "nl": "Laat zien wat ik kan doen"},
    "web.country.NL": {"en": "Netherlands", "nl": "Nederland"},
    "web.country.BE": {"en": "Belgium", "nl": "België"},
    "web.country.DE": {"en": "Germany", "nl": "Duitsland"},
    "web.country.UK": {"en": "United Kingdom", "nl": "Verenigd Koninkrijk"},
    "web.country.US": {"en": "United States", "nl": "Verenigde Staten"},
    "web.country.AU": {"en": "Australia", "nl": "Australië"},
    "web.country.any": {"en": "Somewhere else", "nl": "Ergens anders"},
    "web.plan.steps": {
        "en": "What you can do, step by step",
        "nl": "Wat je kunt doen, stap voor stap",
    },
    "web.plan.help": {"en": "Who can help you", "nl": "Wie je kan helpen"},
    "web.plan.more-help": {"en": "More places to get help", "nl": "Meer plekken voor hulp"},
    "web.plan.minor.title": {"en": "Under 18:", "nl": "Jonger dan 18:"},
    "web.plan.minor": {
        "en": "never send the images to anyone, not even to prove what happened. The law is on your side, and Take It Down and Helpwanted can help without seeing them.",
        "nl": "stuur de beelden nooit naar iemand, ook niet om te laten zien wat er gebeurd is. De wet staat aan jouw kant, en Take It Down en Helpwanted kunnen helpen zonder ze te zien.",
    },
    "web.plan.online.calm": {
        "en": "Most platforms must take these images down when asked. This tool helps you ask, without ever looking at the images again.",
        "nl": "De meeste platforms moeten zulke beelden weghalen als je erom vraagt. Dit programma helpt je vragen, zonder dat je de beelden nog eens hoeft te zien.",
    },
    "web.plan.online.1": {
        "en": "Start a case below, then make fingerprints of your own photos: short codes that find copies. The photos stay where they are.",
        "nl": "Begin hieronder een dossier en maak vingerafdrukken van je eigen foto's: korte codes waarmee kopieën te vinden zijn. De foto's blijven waar ze zijn.",
    },
    "web.plan.online.2": {
        "en": "Paste the web addresses where you saw them. Find copies checks which ones really show your images.",
        "nl": "Plak de webadressen waar je ze zag. Kopieën zoeken kijkt welke echt jouw beelden tonen.",
    },
    "web.plan.online.3": {
        "en": "Let leakhelp write the removal requests, one per platform, and send them (by form or e-mail).",
        "nl": "Laat leakhelp de verwijderverzoeken schrijven, één per platform, en verstuur ze (via een formulier of e-mail).",
    },
    "web.plan.online.4": {
        "en": "Come back to your case: it shows what is done, what is waiting, and what is late, and can check all addresses at once.",
        "nl": "Kom terug naar je dossier: daar zie je wat gedaan is, waarop je wacht en wat te laat is, en je kunt alle adressen in één keer controleren.",
    },
    "web.plan.threat.calm": {
        "en": "This is called sextortion. It is a crime, and it is not your fault. You do not have to handle it alone.",
        "nl": "Dit heet sextortion. Het is een misdrijf, en het is niet jouw schuld. Je hoeft dit niet alleen op te lossen.",
    },
    "web.plan.threat.1": {
        "en": "Do not pay and do not send anything more: paying rarely stops it.",
        "nl": "Betaal niet en stuur niets meer: betalen houdt het bijna nooit tegen.",
    },
    "web.plan.threat.2": {
        "en": "Stop answering. Block and report the account on the platform. Do not delete the conversation yourself: a helpline or the police can help you keep what they need.",
        "nl": "Reageer niet meer. Blokkeer en meld het account op het platform. Verwijder het gesprek niet zelf: een hulplijn of de politie helpt je te bewaren wat nodig is.",
    },
    "web.plan.threat.3": {
        "en": "Tell someone you trust, and contact one of the helplines below today.",
        "nl": "Vertel het aan iemand die je vertrouwt, en neem vandaag contact op met een van de hulplijnen hieronder.",
    },
    "web.plan.threat.4": {
        "en": "Fingerprint your own photos now, so platforms can block them before they are shared (Take It Down, StopNCII), and so you can act fast if they appear.",
        "nl": "Maak nu vingerafdrukken van je eigen foto's, zodat platforms ze kunnen blokkeren voordat ze gedeeld worden (Take It Down, StopNCII), en zodat je snel kunt handelen als ze opduiken.",
    },
    "web.plan.helping.calm": {
        "en": "Thank you for helping. Let the person lead, believe them, and never ask to see the images.",
        "nl": "Fijn dat je helpt. Laat de ander het tempo bepalen, geloof diegene en vraag nooit om de beelden te zien.",
    },
    "web.plan.helping.1": {
        "en": "Start a case with them, or import the hash-only export they made: it has no images in it.",
        "nl": "Begin samen een dossier, of importeer de export met alleen vingerafdrukken die zij maakten: daar zitten geen beelden in.",
    },
    "web.plan.helping.2": {
        "en": "Find copies in folders or at web addresses with the export: you never see one of their images.",
        "nl": "Zoek met de export naar kopieën in mappen of op webadressen: je ziet nooit een van hun beelden.",
    },
    "web.plan.helping.3": {
        "en": "Write and send the removal requests, and note each reference number you get back.",
        "nl": "Schrijf en verstuur de verwijderverzoeken, en noteer elk referentienummer dat je terugkrijgt.",
    },
    "web.plan.helping.4": {
        "en": "Follow up on late platforms, and download the evidence report for the police or a lawyer.",
        "nl": "Volg platforms op die te laat zijn, en download het bewijsrapport voor de politie of een advocaat.",
    },
    "web.plan.helping.tools": {"en": "For counsellors", "nl": "Voor hulpverleners"},
    "web.plan.helping.cases": {
        "en": "All cases, late requests, anonymous platform figures, and importing an export",
        "nl": "Alle dossiers, te late verzoeken, anonieme cijfers per platform, en een export importeren",
    },
    "web.plan.start": {"en": "Start a case", "nl": "Begin een dossier"},
    "web.plan.name": {
        "en": "A name or nickname for the case",
        "nl": "Een naam of bijnaam voor het dossier",
    },
    "web.plan.name.hint": {
        "en": "Only you see it. A nickname is fine.",
        "nl": "Alleen jij ziet dit. Een bijnaam is prima.",
    },
    "web.plan.start.go": {"en": "Start the case", "nl": "Begin het dossier"},
    "web.help.title": {"en": "Who can help", "nl": "Wie kan helpen"},
    "web.help.calm": {
        "en": "You can talk to someone today. These services know this problem and do not judge.",
        "nl": "Je kunt vandaag met iemand praten. Deze diensten kennen dit probleem en oordelen niet.",
    },
    "web.help.show": {"en": "Show", "nl": "Toon"},
    "web.help.phone": {"en": "phone", "nl": "telefoon"},
    "web.help.emergency": {"en": "emergency", "nl": "spoed"},
    "web.help.none": {
        "en": "No service is listed for this country yet; the ones that work everywhere are below.",
        "nl": "Voor dit land staat nog geen dienst in de lijst; die overal werken staan hieronder.",
    },
    "web.help.minor": {
        "en": "Under 18? Never send the images to anyone, not even to a helpline. In danger right now: call 112 (or your local emergency number).",
        "nl": "Jonger dan 18? Stuur de beelden nooit naar iemand, ook niet naar een hulplijn. Nu in gevaar: bel 112.",
    },
    "web.case.id": {"en": "case", "nl": "dossier"},
    "web.case.actions": {
        "en": "What you can do in this case",
        "nl": "Wat je in dit dossier kunt doen",
    },
    "web.case.photos": {
        "en": "Fingerprint my photos ({count} so far)",
        "nl": "Vingerafdrukken van mijn foto's ({count} tot nu toe)",
    },
    "web.case.find": {"en": "Find copies", "nl": "Kopieën zoeken"},
    "web.case.letters": {"en": "Letters to platforms", "nl": "Brieven aan platforms"},
    "web.case.overview": {"en": "Where things stand", "nl": "Hoe het ervoor staat"},
    "web.case.done": {"en": "Done", "nl": "Gedaan"},
    "web.case.waiting": {"en": "Waiting", "nl": "Wacht op anderen"},
    "web.case.next": {"en": "Next", "nl": "Volgende stap"},
    "web.case.sightings": {"en": "Where the images were seen", "nl": "Waar de beelden gezien zijn"},
    "web.case.no-sightings": {
        "en": "No web addresses yet. Add the places where you saw the images.",
        "nl": "Nog geen webadressen. Voeg de plekken toe waar je de beelden zag.",
    },
    "web.case.add-sightings": {"en": "Add web addresses", "nl": "Webadressen toevoegen"},
    "web.case.add-sightings.label": {
        "en": "Web addresses, one per line",
        "nl": "Webadressen, één per regel",
    },
    "web.case.add-sightings.go": {"en": "Add", "nl": "Toevoegen"},
    "web.case.check-all": {"en": "Check all addresses now", "nl": "Alle adressen nu controleren"},
    "web.case.check-all.hint": {
        "en": "Looks whether each one is still online. Nothing is shown to you.",
        "nl": "Kijkt of elk adres nog online is. Je krijgt niets te zien.",
    },
    "web.case.requests": {"en": "Removal requests", "nl": "Verwijderverzoeken"},
    "web.case.no-requests": {
        "en": "No requests yet. Go to Letters to platforms to write them.",
        "nl": "Nog geen verzoeken. Ga naar Brieven aan platforms om ze te schrijven.",
    },
    "web.case.report": {"en": "Evidence report", "nl": "Bewijsrapport"},
    "web.case.report.what": {
        "en": "For the police or a lawyer: where and when the images were seen, what was asked and answered. No images, no fingerprints.",
        "nl": "Voor de politie of een advocaat: waar en wanneer de beelden gezien zijn, wat er gevraagd en geantwoord is. Geen beelden, geen vingerafdrukken.",
    },
    "web.case.report.html": {
        "en": "Download as web page (print to PDF)",
        "nl": "Download als webpagina (af te drukken als pdf)",
    },
    "web.case.report.csv": {
        "en": "Download as spreadsheet (CSV)",
        "nl": "Download als spreadsheet (CSV)",
    },
    "web.case.report.json": {"en": "Download as data (JSON)", "nl": "Download als gegevens (JSON)"},
    "web.case.forget": {"en": "Remove this case", "nl": "Dit dossier verwijderen"},
    "web.case.forget.link": {
        "en": "Remove this case and everything in it from this computer…",
        "nl": "Dit dossier en alles erin van deze computer verwijderen…",
    },
    "web.case.job-running": {
        "en": "Still busy: {kind}. Follow it here.",
        "nl": "Nog bezig: {kind}. Volg het hier.",
    },
    "web.col.address": {"en": "Web address", "nl": "Webadres"},
    "web.col.platform": {"en": "Platform", "nl": "Platform"},
    "web.col.state": {"en": "State", "nl": "Stand"},
    "web.col.checked": {"en": "Last check", "nl": "Laatste controle"},
    "web.col.status": {"en": "Status", "nl": "Status"},
    "web.col.where": {"en": "Where", "nl": "Waar"},
    "web.col.match": {"en": "Match", "nl": "Overeenkomst"},
    "web.col.how": {"en": "What this means", "nl": "Wat dit betekent"},
    "web.col.action": {"en": "Action", "nl": "Actie"},
    "web.col.case": {"en": "Case", "nl": "Dossier"},
    "web.col.sightings-open": {"en": "Still online / seen", "nl": "Nog online / gezien"},
    "web.col.requests-open": {"en": "Requests open / all", "nl": "Verzoeken open / alle"},
    "web.col.overdue": {"en": "Late", "nl": "Te laat"},
    "web.col.sent": {"en": "Sent", "nl": "Verstuurd"},
    "web.col.waiting": {"en": "Waiting", "nl": "Wacht"},
    "web.col.median": {"en": "Median days to removal", "nl": "Mediaan dagen tot verwijdering"},
    "web.sighting.open": {"en": "still to be removed", "nl": "moet nog weg"},
    "web.sighting.removed": {"en": "removed", "nl": "verwijderd"},
    "web.check.online": {"en": "online", "nl": "online"},
    "web.check.removed": {"en": "gone", "nl": "weg"},
    "web.check.unknown": {"en": "could not tell", "nl": "niet te zeggen"},
    "web.check.unreachable": {"en": "site not reachable", "nl": "site niet bereikbaar"},
    "web.check.never": {"en": "not yet checked", "nl": "nog niet gecontroleerd"},
    "web.status.drafted": {"en": "written, not sent yet", "nl": "geschreven, nog niet verstuurd"},
    "web.status.sent": {"en": "sent, waiting for an answer", "nl": "verstuurd, wacht op antwoord"},
    "web.status.acknowledged": {
        "en": "received by the platform",
        "nl": "ontvangen door het platform",
    },
    "web.status.partial": {"en": "partly removed", "nl": "deels verwijderd"},
    "web.status.refused": {"en": "refused", "nl": "geweigerd"},
    "web.status.no-reply": {"en": "no reply", "nl": "geen antwoord"},
    "web.status.settled": {"en": "done: removed", "nl": "klaar: verwijderd"},
    "web.status.escalated": {"en": "taken further", "nl": "verder gebracht"},
    "web.request.sent-at": {"en": "sent {when}", "nl": "verstuurd {when}"},
    "web.request.deadline": {"en": "answer due {when}", "nl": "antwoord uiterlijk {when}"},
    "web.request.reference": {"en": "reference", "nl": "referentie"},
    "web.request.overdue": {
        "en": "Late: the platform missed its deadline.",
        "nl": "Te laat: het platform heeft de termijn gemist.",
    },
    "web.request.open-letter": {
        "en": "Open the letter to send it",
        "nl": "Open de brief om hem te versturen",
    },
    "web.request.answer": {"en": "Record the answer", "nl": "Antwoord noteren"},
    "web.answer.removed": {"en": "Removed", "nl": "Verwijderd"},
    "web.answer.refused": {"en": "Refused", "nl": "Geweigerd"},
    "web.answer.partial": {"en": "Partly removed", "nl": "Deels verwijderd"},
    "web.answer.none": {"en": "No answer", "nl": "Geen antwoord"},
    "web.photos.title": {
        "en": "Fingerprint my own photos",
        "nl": "Vingerafdrukken van mijn eigen foto's",
    },
    "web.photos.before": {
        "en": "Your photos are read by this program on this computer, turned into fingerprints, and dropped: they are never saved, never uploaded and never shown again.",
        "nl": "Je foto's worden door dit programma op deze computer gelezen, omgezet in vingerafdrukken en weggegooid: ze worden nooit bewaard, nooit geüpload en nooit meer getoond.",
    },
    "web.photos.after": {
        "en": "Done. Only the fingerprints were kept; the photos themselves were dropped and were not saved anywhere.",
        "nl": "Klaar. Alleen de vingerafdrukken zijn bewaard; de foto's zelf zijn weggegooid en nergens opgeslagen.",
    },
    "web.photos.files": {"en": "Choose photos", "nl": "Kies foto's"},
    "web.photos.folder": {"en": "Or choose a whole folder", "nl": "Of kies een hele map"},
    "web.photos.drop": {
        "en": "You can also drop photos on this area.",
        "nl": "Je kunt foto's ook op dit vak slepen.",
    },
    "web.photos.label": {
        "en": "Your own name for these photos (optional)",
        "nl": "Je eigen naam voor deze foto's (mag leeg)",
    },
    "web.photos.label.hint": {
        "en": "For example 'holiday 2023'. File names are never kept.",
        "nl": "Bijvoorbeeld 'vakantie 2023'. Bestandsnamen worden nooit bewaard.",
    },
    "web.photos.go": {"en": "Make fingerprints", "nl": "Maak vingerafdrukken"},
    "web.photos.empty": {"en": "No photos were chosen.", "nl": "Er zijn geen foto's gekozen."},
    "web.photos.count": {
        "en": "This case has {count} fingerprints.",
        "nl": "Dit dossier heeft {count} vingerafdrukken.",
    },
    "web.photos.added": {
        "en": "New fingerprints: {count}",
        "nl": "Nieuwe vingerafdrukken: {count}",
    },
    "web.photos.same": {
        "en": "Already in the case: {count}",
        "nl": "Zaten al in het dossier: {count}",
    },
    "web.photos.failed": {
        "en": "Could not be used (not a photo, or damaged): {count}",
        "nl": "Niet te gebruiken (geen foto, of beschadigd): {count}",
    },
    "web.photos.next": {"en": "Next: find copies", "nl": "Volgende: kopieën zoeken"},
    "web.job.kind.hash": {"en": "Making fingerprints", "nl": "Vingerafdrukken maken"},
    "web.job.kind.check": {"en": "Checking addresses", "nl": "Adressen controleren"},
    "web.job.kind.find": {"en": "Looking for copies", "nl": "Kopieën zoeken"},
    "web.job.state.running": {"en": "Busy", "nl": "Bezig"},
    "web.job.state.done": {"en": "Done", "nl": "Klaar"},
    "web.job.state.cancelled": {"en": "Stopped", "nl": "Gestopt"},
    "web.job.state.failed": {"en": "Could not finish", "nl": "Kon niet afmaken"},
    "web.job.cancel": {"en": "Stop", "nl": "Stoppen"},
    "web.job.reload": {
        "en": "You can leave this page: the work goes on, and your case shows where to find it.",
        "nl": "Je kunt deze pagina verlaten: het werk gaat door, en je dossier laat zien waar je het terugvindt.",
    },
    "web.find.title": {"en": "Find copies", "nl": "Kopieën zoeken"},
    "web.find.calm": {
        "en": "Compares images with the fingerprints, in memory. You do not have to look at anything.",
        "nl": "Vergelijkt beelden met de vingerafdrukken, in het geheugen. Je hoeft nergens naar te kijken.",
    },
    "web.find.against": {"en": "Compare with", "nl": "Vergelijk met"},
    "web.find.case": {"en": "A case on this computer", "nl": "Een dossier op deze computer"},
    "web.find.no-case": {"en": "(none: use an export)", "nl": "(geen: gebruik een export)"},
    "web.find.export": {
        "en": "Or a hash-only export file",
        "nl": "Of een export met alleen vingerafdrukken",
    },
    "web.find.export.hint": {
        "en": "For counsellors: the export has no images in it.",
        "nl": "Voor hulpverleners: in de export zitten geen beelden.",
    },
    "web.find.where": {"en": "Look in", "nl": "Zoek in"},
    "web.find.folder": {"en": "A folder on this computer", "nl": "Een map op deze computer"},
    "web.find.folder.hint": {
        "en": "Type or paste its path, e.g. /home/sam/Downloads.",
        "nl": "Typ of plak het pad, bijvoorbeeld /home/sam/Downloads.",
    },
    "web.find.urls": {"en": "Web addresses, one per line", "nl": "Webadressen, één per regel"},
    "web.find.urls.hint": {
        "en": "Of an image, or of a page that shows one.",
        "nl": "Van een afbeelding, of van een pagina die er een toont.",
    },
    "web.find.go": {"en": "Look for copies", "nl": "Zoek kopieën"},
    "web.find.results": {"en": "What was found", "nl": "Wat er gevonden is"},
    "web.find.summary": {
        "en": "{strong} strong and {possible} possible matches among {total} looked at.",
        "nl": "{strong} sterke en {possible} mogelijke overeenkomsten van de {total} bekeken.",
    },
    "web.find.explain": {
        "en": "Strong: almost certainly a copy, you can act on it. Possible: it may be a copy, someone you trust should look. Neither: not one of the images.",
        "nl": "Sterk: vrijwel zeker een kopie, je kunt ermee aan de slag. Mogelijk: het kan een kopie zijn, laat iemand die je vertrouwt kijken. Geen van beide: niet een van de beelden.",
    },
    "web.find.tier.strong": {"en": "Almost certainly a copy:", "nl": "Vrijwel zeker een kopie:"},
    "web.find.tier.possible": {
        "en": "May be a copy, let someone check:",
        "nl": "Misschien een kopie, laat iemand kijken:",
    },
    "web.find.of": {"en": "of {ref}", "nl": "van {ref}"},
    "web.find.error": {"en": "not looked at", "nl": "niet bekeken"},
    "web.find.record": {"en": "Add to my case", "nl": "Zet in mijn dossier"},
    "web.where.title": {
        "en": "Where is it, and how do I report it?",
        "nl": "Waar staat het, en hoe meld ik het?",
    },
    "web.where.calm": {
        "en": "Paste the web addresses. For each one you see the platform, where to report it, and the strongest legal basis.",
        "nl": "Plak de webadressen. Voor elk zie je het platform, waar je het meldt, en de sterkste wettelijke grond.",
    },
    "web.where.urls": {"en": "Web addresses, one per line", "nl": "Webadressen, één per regel"},
    "web.where.minor": {
        "en": "I was under 18 in the images",
        "nl": "Ik was jonger dan 18 op de beelden",
    },
    "web.where.go": {"en": "Show where to report", "nl": "Toon waar ik kan melden"},
    "web.where.results": {"en": "Where to report", "nl": "Waar melden"},
    "web.where.platform": {"en": "Platform", "nl": "Platform"},
    "web.where.unknown": {"en": "not in our list ({host})", "nl": "niet in onze lijst ({host})"},
    "web.where.basis": {"en": "Best basis for your request", "nl": "Beste grond voor je verzoek"},
    "web.where.route": {"en": "Where to report", "nl": "Waar melden"},
    "web.where.email": {"en": "by e-mail to {email}", "nl": "per e-mail naar {email}"},
    "web.where.no-route": {
        "en": "no known route: write to the site's owner or host (leakhelp's letter does this)",
        "nl": "geen bekende route: schrijf de eigenaar of de hoster van de site aan (de brief van leakhelp doet dat)",
    },
    "web.where.next": {
        "en": "To write the letters, start a case (or open yours) and go to Letters to platforms.",
        "nl": "Om de brieven te schrijven: begin een dossier (of open het jouwe) en ga naar Brieven aan platforms.",
    },
    "web.letters.title": {"en": "Letters to platforms", "nl": "Brieven aan platforms"},
    "web.letters.calm": {
        "en": "One letter per platform, on the strongest legal basis. Copy it into the platform's form, or send the e-mail.",
        "nl": "Eén brief per platform, op de sterkste wettelijke grond. Kopieer hem in het formulier van het platform, of verstuur de e-mail.",
    },
    "web.letters.profile": {
        "en": "Your details for the letters",
        "nl": "Jouw gegevens voor de brieven",
    },
    "web.letters.profile.why": {
        "en": "Platforms need a name and an e-mail address to answer. These stay on this computer and never go into a report.",
        "nl": "Platforms hebben een naam en e-mailadres nodig om te antwoorden. Ze blijven op deze computer en komen nooit in een rapport.",
    },
    "web.letters.name": {"en": "Your name", "nl": "Je naam"},
    "web.letters.email": {"en": "Your e-mail address", "nl": "Je e-mailadres"},
    "web.letters.minor": {
        "en": "I was under 18 in the images",
        "nl": "Ik was jonger dan 18 op de beelden",
    },
    "web.letters.save": {"en": "Save", "nl": "Opslaan"},
    "web.letters.problem": {
        "en": "The letter to {target} could not be written:",
        "nl": "De brief aan {target} kon niet geschreven worden:",
    },
    "web.letters.draft": {"en": "Write the letters", "nl": "Schrijf de brieven"},
    "web.letters.draft.hint": {
        "en": "For the {count} addresses still online that no letter covers yet.",
        "nl": "Voor de {count} adressen die nog online staan en waar nog geen brief over gaat.",
    },
    "web.letters.no-sightings": {
        "en": "There are no addresses to ask about yet.",
        "nl": "Er zijn nog geen adressen om over te vragen.",
    },
    "web.letters.add-first": {
        "en": "Add them in your case first.",
        "nl": "Voeg ze eerst toe in je dossier.",
    },
    "web.letters.to": {"en": "to", "nl": "aan"},
    "web.letters.text": {"en": "The letter", "nl": "De brief"},
    "web.letters.copy": {"en": "Copy the letter", "nl": "Kopieer de brief"},
    "web.letters.copied": {"en": "Copied", "nl": "Gekopieerd"},
    "web.letters.eml": {"en": "Download as e-mail (.eml)", "nl": "Download als e-mail (.eml)"},
    "web.letters.form": {
        "en": "What to fill in where (form sheet)",
        "nl": "Wat je waar invult (formulierblad)",
    },
    "web.letters.channel": {"en": "Sent by", "nl": "Verstuurd via"},
    "web.letters.reference": {
        "en": "Reference or ticket number (if you got one)",
        "nl": "Referentie- of ticketnummer (als je er een kreeg)",
    },
    "web.letters.sent": {"en": "I sent it", "nl": "Ik heb hem verstuurd"},
    "web.channel.form": {"en": "the platform's form", "nl": "het formulier van het platform"},
    "web.channel.email": {"en": "e-mail", "nl": "e-mail"},
    "web.channel.other": {"en": "another way", "nl": "een andere manier"},
    "web.cases.title": {"en": "All cases", "nl": "Alle dossiers"},
    "web.cases.calm": {
        "en": "For counsellors: every case on this computer, what is late, and figures you can share.",
        "nl": "Voor hulpverleners: elk dossier op deze computer, wat te laat is, en cijfers die je kunt delen.",
    },
    "web.cases.all": {"en": "Cases", "nl": "Dossiers"},
    "web.cases.none": {"en": "No cases yet.", "nl": "Nog geen dossiers."},
    "web.cases.late": {"en": "{count} late", "nl": "{count} te laat"},
    "web.cases.overdue": {"en": "Late requests", "nl": "Te late verzoeken"},
    "web.cases.hours-late": {"en": "{hours} hours late", "nl": "{hours} uur te laat"},
    "web.cases.none-overdue": {"en": "Nothing is late.", "nl": "Niets is te laat."},
    "web.cases.stats": {"en": "Per platform", "nl": "Per platform"},
    "web.cases.stats.safe": {
        "en": "No names, no addresses: these figures can be shared.",
        "nl": "Geen namen, geen adressen: deze cijfers mag je delen.",
    },
    "web.cases.no-stats": {"en": "No requests sent yet.", "nl": "Nog geen verzoeken verstuurd."},
    "web.cases.import": {
        "en": "Import a hash-only export",
        "nl": "Een export met alleen vingerafdrukken importeren",
    },
    "web.cases.import.file": {"en": "Export file", "nl": "Exportbestand"},
    "web.cases.import.name": {
        "en": "Name for the new case (optional)",
        "nl": "Naam voor het nieuwe dossier (mag leeg)",
    },
    "web.cases.import.go": {"en": "Import", "nl": "Importeren"},
    "web.forget.title": {"en": "Remove this case", "nl": "Dit dossier verwijderen"},
    "web.forget.removed": {"en": "What is removed", "nl": "Wat verwijderd wordt"},
    "web.forget.removed.1": {
        "en": "The case, its fingerprints, web addresses, letters, answers, checks and timeline.",
        "nl": "Het dossier, de vingerafdrukken, webadressen, brieven, antwoorden, controles en tijdlijn.",
    },
    "web.forget.removed.2": {
        "en": "The freed space in the database is overwritten.",
        "nl": "De vrijgekomen ruimte in de database wordt overschreven.",
    },
    "web.forget.stays": {"en": "What this cannot remove", "nl": "Wat dit niet kan verwijderen"},
    "web.forget.stays.1": {
        "en": "Files you downloaded or exported (reports, e-mails, exports) stay where you saved them: delete those yourself.",
        "nl": "Bestanden die je downloadde of exporteerde (rapporten, e-mails, exports) blijven waar je ze bewaarde: verwijder die zelf.",
    },
    "web.forget.stays.2": {
        "en": "Requests you already sent stay with the platforms that received them.",
        "nl": "Verzoeken die je al verstuurde blijven bij de platforms die ze kregen.",
    },
    "web.forget.stays.3": {
        "en": "Your own photos are not touched: they were never stored here.",
        "nl": "Je eigen foto's worden niet aangeraakt: die zijn hier nooit bewaard.",
    },
    "web.forget.confirm": {
        "en": "Yes, remove this case for good",
        "nl": "Ja, verwijder dit dossier voorgoed",
    },
    "web.forget.tick": {
        "en": "Tick the box first if you really want to remove it.",
        "nl": "Vink eerst het vakje aan als je het echt wilt verwijderen.",
    },
    "web.forget.go": {"en": "Remove", "nl": "Verwijderen"},
    "web.forget.keep": {"en": "Keep the case", "nl": "Dossier houden"},
    "web.forget.done": {"en": "The case was removed", "nl": "Het dossier is verwijderd"},
    "web.problem.title": {"en": "That did not work", "nl": "Dat lukte niet"},
    "web.problem.home": {"en": "Back to the start", "nl": "Terug naar het begin"},
    "web.problem.too-large": {
        "en": "That was too much at once (too many or too large files). Try fewer photos at a time.",
        "nl": "Dat was te veel in één keer (te veel of te grote bestanden). Probeer minder foto's tegelijk.",
    },
    "web.problem.bad-form": {
        "en": "The form did not arrive as expected. Please try again.",
        "nl": "Het formulier kwam niet goed aan. Probeer het nog eens.",
    },
    "web.problem.csrf": {
        "en": "This form is not from this page (or the page is old). Reload the page and try again.",
        "nl": "Dit formulier komt niet van deze pagina (of de pagina is oud). Laad de pagina opnieuw en probeer het nog eens.",
    },
    "web.cli.address": {
        "en": "leakhelp is open in your browser at this address (only this computer can reach it):",
        "nl": "leakhelp staat open in je browser op dit adres (alleen deze computer kan erbij):",
    },
    "web.cli.stop": {
        "en": "Keep this window open while you use it. Stop with Ctrl+C.",
        "nl": "Laat dit venster open zolang je het gebruikt. Stoppen met Ctrl+C.",
    },
    "web.cli.port": {
        "en": "Port {port} cannot be used ({error}). Try another --port, or leave it out.",
        "nl": "Poort {port} kan niet gebruikt worden ({error}). Probeer een andere --port, of laat hem weg.",
    },
    "web.problem.find-nothing": {
        "en": "Nothing to look through: type a folder or paste web addresses.",
        "nl": "Niets om te doorzoeken: typ een map of plak webadressen.",
    },
    "web.problem.find-no-source": {
        "en": "Choose a case to compare with, or choose a hash-only export file.",
        "nl": "Kies een dossier om mee te vergelijken, of kies een exportbestand met vingerafdrukken.",
    },
    "web.problem.import-no-file": {
        "en": "Choose the export file to import first.",
        "nl": "Kies eerst het exportbestand dat je wilt importeren.",
    },
    "web.problem.not-found": {
        "en": "This page does not exist.",
        "nl": "Deze pagina bestaat niet.",
    },
    "web.problem.no-job": {
        "en": "This task is no longer known: leakhelp was probably restarted. Open your case to see where things stand.",
        "nl": "Deze taak is niet meer bekend: leakhelp is waarschijnlijk opnieuw gestart. Open je dossier om te zien hoe het ervoor staat.",
    },
    "web.letters.missing": {
        "en": "it still needs: {fields}. Fill them in under 'Your details for the letters'.",
        "nl": "er ontbreekt nog: {fields}. Vul dit in bij 'Jouw gegevens voor de brieven'.",
    },
    "web.field.name": {"en": "your name", "nl": "je naam"},
    "web.field.email": {"en": "your e-mail address", "nl": "je e-mailadres"},
    "web.field.address": {"en": "your postal address", "nl": "je postadres"},
    "web.field.work": {
        "en": "a description of the photo (your work)",
        "nl": "een beschrijving van de foto (jouw werk)",
    },
    "web.field.search_terms": {"en": "the search terms", "nl": "de zoektermen"},
    "web.field.urls": {"en": "the web addresses", "nl": "de webadressen"},
    "web.problem.no-case": {
        "en": "This case was not found. It may have been removed.",
        "nl": "Dit dossier is niet gevonden. Misschien is het verwijderd.",
    },
    # -- leakhelp doctor (and --version) -----------------------------------------------
    "doctor.intro": {
        "en": "leakhelp checks itself on this computer. It opens no images and changes nothing.",
        "nl": "leakhelp controleert zichzelf op deze computer. Het opent geen afbeeldingen en verandert niets.",
    },
    "doctor.intro.network": {
        "en": "To see if the internet works, it opens one connection to {host} (a web address meant for examples) and closes it without sending anything. Add --offline to skip that.",
        "nl": "Om te zien of internet werkt, opent het één verbinding met {host} (een webadres dat bedoeld is voor voorbeelden) en sluit die zonder iets te sturen. Met --offline sla je dat over.",
    },
    "doctor.col.check": {"en": "what", "nl": "wat"},
    "doctor.check.home": {"en": "data folder", "nl": "gegevensmap"},
    "doctor.check.network": {"en": "internet", "nl": "internet"},
    "doctor.check.pdq": {"en": "PDQ", "nl": "PDQ"},
    "doctor.col.status": {"en": "status", "nl": "status"},
    "doctor.col.detail": {"en": "details", "nl": "details"},
    "doctor.status.ok": {"en": "ok", "nl": "goed"},
    "doctor.status.note": {"en": "note", "nl": "let op"},
    "doctor.status.problem": {"en": "PROBLEM", "nl": "PROBLEEM"},
    "doctor.leakhelp": {"en": "leakhelp {version}", "nl": "leakhelp {version}"},
    "doctor.python": {"en": "Python {version} on {system}", "nl": "Python {version} op {system}"},
    "doctor.library": {"en": "{name} {version}", "nl": "{name} {version}"},
    "doctor.missing": {
        "en": "{name} is missing",
        "nl": "{name} ontbreekt",
    },
    "doctor.pdq": {
        "en": "PDQ fingerprints made with {detail}; the built-in test image gives Meta's hash",
        "nl": "PDQ-vingerafdrukken gemaakt met {detail}; de ingebouwde testafbeelding geeft de hash van Meta",
    },
    "doctor.pdq.wrong": {
        "en": "PDQ fingerprints made with {detail} are WRONG: the built-in test image does not give Meta's hash",
        "nl": "PDQ-vingerafdrukken gemaakt met {detail} zijn FOUT: de ingebouwde testafbeelding geeft niet de hash van Meta",
    },
    "doctor.home.new": {
        "en": "data folder {path} does not exist yet; leakhelp makes it, private, when it is first needed",
        "nl": "gegevensmap {path} bestaat nog niet; leakhelp maakt die, afgeschermd, zodra hij nodig is",
    },
    "doctor.home.ok": {
        "en": "data folder {path}: only you can open it (folders 0700, files 0600)",
        "nl": "gegevensmap {path}: alleen jij kunt erin (mappen 0700, bestanden 0600)",
    },
    "doctor.home.open": {
        "en": "data folder {path}: {count} item(s) other people on this computer could open, e.g. {example}",
        "nl": "gegevensmap {path}: {count} onderdeel/onderdelen die anderen op deze computer kunnen openen, bijv. {example}",
    },
    "doctor.home.notdir": {
        "en": "data folder {path} is a file, not a folder",
        "nl": "gegevensmap {path} is een bestand, geen map",
    },
    "doctor.home.noaccess": {
        "en": "data folder {path}: you are not allowed to read or write it",
        "nl": "gegevensmap {path}: je mag er niet in lezen of schrijven",
    },
    "doctor.network.up": {
        "en": "internet works (a connection to {host}, port {port}, was opened and closed)",
        "nl": "internet werkt (een verbinding met {host}, poort {port}, is geopend en gesloten)",
    },
    "doctor.network.down": {
        "en": "no internet: {host} could not be reached ({reason})",
        "nl": "geen internet: {host} was niet bereikbaar ({reason})",
    },
    "doctor.network.skipped": {
        "en": "internet not checked (--offline)",
        "nl": "internet niet gecontroleerd (--offline)",
    },
    "doctor.reason.lookup": {
        "en": "the name could not be looked up",
        "nl": "de naam kon niet worden opgezocht",
    },
    "doctor.reason.timeout": {"en": "no answer in time", "nl": "geen antwoord op tijd"},
    "doctor.reason.refused": {
        "en": "the connection was refused",
        "nl": "de verbinding werd geweigerd",
    },
    "doctor.reason.other": {"en": "the connection failed", "nl": "de verbinding mislukte"},
    "doctor.advice.python": {
        "en": "leakhelp needs Python 3.11 or newer: install a newer Python, then leakhelp again.",
        "nl": "leakhelp heeft Python 3.11 of nieuwer nodig: installeer een nieuwere Python en daarna leakhelp opnieuw.",
    },
    "doctor.advice.reinstall": {
        "en": "Install leakhelp again (for example: pipx reinstall leakhelp). If this stays, report it to whoever gave you leakhelp.",
        "nl": "Installeer leakhelp opnieuw (bijvoorbeeld: pipx reinstall leakhelp). Blijft dit zo, meld het dan bij wie je leakhelp heeft gegeven.",
    },
    "doctor.advice.chmod": {
        "en": "Make the folder private again with this command: {command}",
        "nl": "Maak de map weer afgeschermd met deze opdracht: {command}",
    },
    "doctor.advice.home": {
        "en": "Use another folder with --home or LEAKHELP_HOME, or ask the owner of this computer to give you the folder.",
        "nl": "Gebruik een andere map met --home of LEAKHELP_HOME, of vraag de eigenaar van deze computer om je de map te geven.",
    },
    "doctor.advice.network": {
        "en": "Fingerprints, scanning files, letters and reports work without internet; only check and scanning web addresses need it. Check the Wi-Fi or cable, a VPN or a firewall.",
        "nl": "Vingerafdrukken, bestanden scannen, brieven en rapporten werken zonder internet; alleen check en webadressen scannen hebben het nodig. Controleer de wifi of kabel, een VPN of een firewall.",
    },
    "doctor.allwell": {
        "en": "All is well.",
        "nl": "Alles in orde.",
    },
    "doctor.problems": {
        "en": "{count} problem(s) found. What to do is written above.",
        "nl": "{count} probleem/problemen gevonden. Wat je kunt doen staat hierboven.",
    },
    # -- legal: letters, registry, support, sextortion, hand-offs (branch legal) --
    "platforms.escalation": {"en": "escalation only", "nl": "alleen voor escalatie"},
    "platforms.channel-checked": {"en": "checked {date}", "nl": "gecontroleerd {date}"},
    "platforms.unverified-default": {
        "en": "{path}: {count} default recipient(s) are unverified (U). A letter must not go by default to a form or address nobody has confirmed: verify each one and tag it S or V, or mark it 'escalation: true'.",
        "nl": "{path}: {count} standaardontvanger(s) zijn niet bevestigd (U). Een brief mag niet standaard naar een formulier of adres gaan dat niemand heeft bevestigd: controleer ze en geef ze S of V, of markeer ze met 'escalation: true'.",
    },
    "letter.dmca-minor": {
        "en": "No DMCA notice for images of someone under 18: a DMCA notice is passed on to the uploader and published in public databases. Report the images to a service for minors instead (leakhelp support --minor): Take It Down (takeitdown.ncmec.org), NCMEC CyberTipline (US), IWF/Childline Report Remove (UK), Meldpunt Kinderporno or Helpwanted (NL), Child Focus (BE). Or write --basis ncii-policy or --basis dsa-16 with --minor.",
        "nl": "Geen DMCA-kennisgeving voor beelden van iemand onder de 18: een DMCA-kennisgeving wordt doorgestuurd naar degene die uploadde en gepubliceerd in openbare databases. Meld de beelden liever bij een dienst voor minderjarigen (leakhelp support --minor): Take It Down (takeitdown.ncmec.org), NCMEC CyberTipline (VS), IWF/Childline Report Remove (VK), Meldpunt Kinderporno of Helpwanted (NL), Child Focus (BE). Of schrijf --basis ncii-policy of --basis dsa-16 met --minor.",
    },
    "letter.dmca-not-author": {
        "en": "A DMCA notice only works for the person who holds the copyright, usually the one who took the photo; use ncii-policy, take-it-down or dsa-16 instead.",
        "nl": "Een DMCA-kennisgeving werkt alleen voor wie het auteursrecht heeft, meestal degene die de foto maakte; gebruik liever ncii-policy, take-it-down of dsa-16.",
    },
    "letter.delisting-not-search": {
        "en": "{platform} is not a search engine: a delisting request is for search results (Google, Bing), and the page stays online. For {platform} use --basis with one of: {bases}.",
        "nl": "{platform} is geen zoekmachine: een verzoek om verwijdering uit zoekresultaten is voor Google of Bing, en de pagina zelf blijft online. Gebruik voor {platform} --basis met een van: {bases}.",
    },
    "letter.delisting-where": {
        "en": "Send it to the search engine, through its own form: add --platform google-search or --platform bing to see where.",
        "nl": "Stuur hem naar de zoekmachine, via het eigen formulier: voeg --platform google-search of --platform bing toe om te zien waar.",
    },
    "letter.warn.dmca-deepfake": {
        "en": "The images are fake or AI-made: copyright rarely fits then (the copyright in a fake is usually not yours). The platform report (--basis ncii-policy) or a DSA notice usually works better.",
        "nl": "De beelden zijn nep of met AI gemaakt: auteursrecht past dan zelden (het auteursrecht op een nepbeeld ligt meestal niet bij jou). Een melding bij het platform (--basis ncii-policy) of een DSA-melding werkt meestal beter.",
    },
    "letter.warn.dsa-outside-eu": {
        "en": "{country} is not in the EU. A DSA notice must say why the content is illegal under EU law or the law of an EU country, so this notice relies on the GDPR and the platform's own rules, not on the law of {country}. A platform report (--basis ncii-policy) may work better.",
        "nl": "{country} ligt niet in de EU. Een DSA-melding moet uitleggen waarom de inhoud illegaal is naar EU-recht of het recht van een EU-land; deze melding steunt daarom op de AVG en de eigen regels van het platform, niet op het recht van {country}. Een melding bij het platform (--basis ncii-policy) werkt misschien beter.",
    },
    "letter.warn.unverified-law": {
        "en": "The letter cites {law}, which leakhelp has not yet checked against the official text: check it before you send the letter, or remove that paragraph.",
        "nl": "De brief noemt {law}, wat leakhelp nog niet aan de officiële tekst heeft gecontroleerd: controleer het voordat je de brief verstuurt, of haal die alinea weg.",
    },
    "letter.warn.tida-consent": {
        "en": 'The TAKE IT DOWN Act asks for any relevant information that shows the images were published without consent (sec. 3(a)(1)(B)(iii)). Add it with --consent-details, for example: "I sent this photo privately to one person and never agreed to its publication."',
        "nl": 'De TAKE IT DOWN Act vraagt om relevante informatie waaruit blijkt dat de beelden zonder toestemming zijn gepubliceerd (sec. 3(a)(1)(B)(iii)). Voeg die toe met --consent-details, bijvoorbeeld: "Ik stuurde deze foto privé naar één persoon en heb nooit ingestemd met publicatie."',
    },
    "letter.warn.gdpr-authorisation": {
        "en": 'You write for {person}: attach their written, signed authorisation to the request, or it may be refused. For example: "I, {person}, authorise {name} to request on my behalf the erasure of my personal data (intimate images) under Article 17 GDPR." with the date and their signature.',
        "nl": 'Je schrijft namens {person}: voeg een schriftelijke, ondertekende machtiging bij het verzoek, anders kan het worden geweigerd. Bijvoorbeeld: "Ik, {person}, machtig {name} om namens mij te verzoeken om wissing van mijn persoonsgegevens (intieme beelden) op grond van artikel 17 AVG." met de datum en een handtekening.',
    },
    "letter.minor-routes": {
        "en": "Report images of someone under 18 here first (they can act faster than a letter):",
        "nl": "Meld beelden van iemand onder de 18 eerst hier (zij kunnen sneller optreden dan een brief):",
    },
    "support.minor-advice": {
        "en": "Never send, forward, save or screenshot the images of someone under 18, not even as evidence: write down the web addresses (URLs), usernames and dates instead.",
        "nl": "Stuur, deel, bewaar of screenshot de beelden van iemand onder de 18 nooit, ook niet als bewijs: schrijf in plaats daarvan de webadressen (URL's), gebruikersnamen en data op.",
    },
    "support.sextortion.title": {
        "en": "Someone threatens to share your images unless you pay or send more (sextortion)?",
        "nl": "Dreigt iemand je beelden te delen als je niet betaalt of meer stuurt (sextortion)?",
    },
    "support.sextortion.more": {
        "en": "What to do, step by step: leakhelp support --sextortion. To keep track: leakhelp case new my-case --kind sextortion",
        "nl": "Wat je kunt doen, stap voor stap: leakhelp support --sextortion. Om het bij te houden: leakhelp case new mijn-zaak --kind sextortion",
    },
    "sextortion.pay": {
        "en": "Do not pay, and do not send more images or anything else.",
        "nl": "Betaal niet, en stuur geen beelden of iets anders meer.",
    },
    "sextortion.keep": {
        "en": "Do not delete the chat: it is evidence. Write down or save the usernames, profile links (URLs) and payment requests (account numbers, wallets), with dates.",
        "nl": "Verwijder het gesprek niet: het is bewijs. Schrijf de gebruikersnamen, profiellinks (URL's) en betaalverzoeken (rekeningnummers, wallets) op of sla ze op, met data.",
    },
    "sextortion.stop": {
        "en": "Once that is saved, stop replying and block the account.",
        "nl": "Als dat bewaard is: reageer niet meer en blokkeer het account.",
    },
    "sextortion.report": {
        "en": "Report it to the police and to the platform where it happened. You did nothing wrong: the person threatening you commits the crime.",
        "nl": "Meld het bij de politie en bij het platform waar het gebeurde. Jij hebt niets fout gedaan: wie jou bedreigt, pleegt het misdrijf.",
    },
    "sextortion.hash-adult": {
        "en": "Make fingerprints of the images now with StopNCII (stopncii.org, 18+), on your own device: partner platforms then block the images before anyone can post them there.",
        "nl": "Maak nu vingerafdrukken van de beelden met StopNCII (stopncii.org, 18+), op je eigen apparaat: partnerplatforms blokkeren de beelden dan voordat iemand ze daar kan plaatsen.",
    },
    "sextortion.hash-minor": {
        "en": "Make fingerprints of the images now with Take It Down (takeitdown.ncmec.org, for images made under 18), on your own device: partner platforms then block the images before anyone can post them there.",
        "nl": "Maak nu vingerafdrukken van de beelden met Take It Down (takeitdown.ncmec.org, voor beelden van toen je jonger was dan 18), op je eigen apparaat: partnerplatforms blokkeren de beelden dan voordat iemand ze daar kan plaatsen.",
    },
    "sextortion.or-minor": {
        "en": "(under 18 in the images: --service take-it-down)",
        "nl": "(jonger dan 18 op de beelden: --service take-it-down)",
    },
    "sextortion.hash-any": {
        "en": "Make fingerprints of the images now, on your own device: with Take It Down (takeitdown.ncmec.org) if you were under 18 in them, with StopNCII (stopncii.org) if you were 18 or older. Partner platforms then block the images before anyone can post them there.",
        "nl": "Maak nu vingerafdrukken van de beelden, op je eigen apparaat: met Take It Down (takeitdown.ncmec.org) als je er jonger dan 18 op was, met StopNCII (stopncii.org) als je 18 of ouder was. Partnerplatforms blokkeren de beelden dan voordat iemand ze daar kan plaatsen.",
    },
    "sextortion.handoff-cmd": {
        "en": "When that is done, note it in the case (the case number only, never the PIN): leakhelp case handoff {id} --service {service}{other}",
        "nl": "Als dat gedaan is, noteer het in de zaak (alleen het dossiernummer, nooit de pincode): leakhelp case handoff {id} --service {service}{other}",
    },
    "sextortion.hash-done": {
        "en": "Fingerprints made with {service} on {date}: partner platforms block matching uploads.",
        "nl": "Vingerafdrukken gemaakt met {service} op {date}: partnerplatforms blokkeren uploads die overeenkomen.",
    },
    "case.kind-set": {
        "en": "Case kind: {kind}.",
        "nl": "Soort zaak: {kind}.",
    },
    "case.kind.shared": {"en": "images shared", "nl": "beelden gedeeld"},
    "case.kind.sextortion": {
        "en": "sextortion (threatened, not yet shared)",
        "nl": "sextortion (bedreigd, nog niet gedeeld)",
    },
    "handoff.recorded": {
        "en": "Noted in case {id}: {service} used on {date}{reference}. The PIN is never stored here: keep it yourself, it cannot be recovered.",
        "nl": "Genoteerd in zaak {id}: {service} gebruikt op {date}{reference}. De pincode wordt hier nooit bewaard: bewaar die zelf, hij is niet terug te halen.",
    },
    "handoff.reference": {"en": ", case number {reference}", "nl": ", dossiernummer {reference}"},
    "handoff.partners": {
        "en": "Partner platforms that block matching uploads (leakhelp's registry, check stopncii.org or takeitdown.ncmec.org for the current list): {partners}.",
        "nl": "Partnerplatforms die uploads die overeenkomen blokkeren (register van leakhelp; de actuele lijst staat op stopncii.org of takeitdown.ncmec.org): {partners}.",
    },
    "handoff.still-report": {
        "en": "This does not remove what is already online, and other sites are not covered: report each copy to its platform (leakhelp request draft {id}).",
        "nl": "Dit verwijdert niet wat al online staat, en andere sites doen niet mee: meld elke kopie bij het platform (leakhelp request draft {id}).",
    },
    "handoff.stopncii-minor": {
        "en": "StopNCII is for images of adults. The person in these images was under 18: Take It Down (takeitdown.ncmec.org) is the service for that.",
        "nl": "StopNCII is voor beelden van volwassenen. De persoon op deze beelden was jonger dan 18: daarvoor is Take It Down (takeitdown.ncmec.org).",
    },
    "handoff.pin": {
        "en": "That looks like a PIN. leakhelp never stores the PIN: give only the case number with --reference.",
        "nl": "Dat lijkt op een pincode. leakhelp bewaart nooit de pincode: geef met --reference alleen het dossiernummer.",
    },
    "next.sextortion-see": {
        "en": "What to do now, step by step: leakhelp case show {id}",
        "nl": "Wat je nu kunt doen, stap voor stap: leakhelp case show {id}",
    },
    "show.handoffs": {
        "en": "Fingerprinting services used:",
        "nl": "Gebruikte vingerafdrukdiensten:",
    },
    # -- harden: wiping, encrypted exports, output files ---------------------
    "error.disk-full": {
        "en": "The disk is full. Free some space and try again; what was not finished was not saved.",
        "nl": "De schijf is vol. Maak wat ruimte vrij en probeer het opnieuw; wat niet af was, is niet opgeslagen.",
    },
    "error.os": {
        "en": "The computer refused: {reason}. Nothing was sent anywhere.",
        "nl": "De computer weigerde: {reason}. Er is niets verstuurd.",
    },
    "error.too-deep": {
        "en": "The input is nested too deeply to read safely (a damaged or deliberately odd file?). Nothing was changed.",
        "nl": "De invoer is te diep genest om veilig te lezen (een beschadigd of opzettelijk vreemd bestand?). Er is niets veranderd.",
    },
    "error.too-large": {
        "en": "A number in the input is too large to use. Nothing was changed.",
        "nl": "Een getal in de invoer is te groot om te gebruiken. Er is niets veranderd.",
    },
    "error.no-memory": {
        "en": "There was not enough memory for this. Try fewer files at once; nothing was changed.",
        "nl": "Er was niet genoeg geheugen. Probeer minder bestanden tegelijk; er is niets veranderd.",
    },
    "hash.unlisted": {
        "en": "{count} files were fingerprinted without remarks; they are not listed one by one.",
        "nl": "Van {count} bestanden is zonder opmerkingen een vingerafdruk gemaakt; die staan hier niet één voor één.",
    },
    "case.wiped": {
        "en": "The space of forgotten cases has been overwritten in the case store.",
        "nl": "De ruimte van vergeten dossiers is in de dossieropslag overschreven.",
    },
    "export.encrypted": {
        "en": "Encrypted {count} fingerprint(s) to {path}. Give the passphrase to your helper another way (by phone or in person), never with the file.",
        "nl": "{count} vingerafdruk(ken) versleuteld opgeslagen in {path}. Geef het wachtwoord op een andere manier door (telefonisch of persoonlijk), nooit samen met het bestand.",
    },
    "passphrase.ask": {
        "en": "Passphrase for the encrypted export",
        "nl": "Wachtwoord van de versleutelde export",
    },
    "passphrase.new": {
        "en": "Choose a passphrase for the export (at least {min} characters)",
        "nl": "Kies een wachtwoord voor de export (minstens {min} tekens)",
    },
    "passphrase.short": {
        "en": "This passphrase is short: a longer one (at least {min} characters, e.g. four unrelated words) is much harder to guess.",
        "nl": "Dit wachtwoord is kort: een langer wachtwoord (minstens {min} tekens, bijvoorbeeld vier losse woorden) is veel moeilijker te raden.",
    },
    "passphrase.repeat": {
        "en": "Type the passphrase again",
        "nl": "Typ het wachtwoord nog een keer",
    },
    # -- videos (leakhelp.video, leakhelp.videomatch) ---------------------------------
    "scan.how.whole": {"en": "the whole video", "nl": "de hele video"},
    "scan.how.part": {"en": "a part of the video", "nl": "een stuk van de video"},
    "scan.how.inside": {"en": "inside a longer video", "nl": "in een langere video"},
    "scan.how.frame": {"en": "a frame of the video", "nl": "een beeld uit de video"},
    "scan.how.photo-in-video": {"en": "the photo, shown in a video", "nl": "de foto, in een video"},
    "scan.how.exact": {"en": "exactly the same file", "nl": "precies hetzelfde bestand"},
    "scan.how.re-encoded": {"en": "re-encoded", "nl": "opnieuw gecodeerd"},
    "scan.how.smaller": {"en": "smaller", "nl": "kleiner"},
    "scan.how.larger": {"en": "larger", "nl": "groter"},
    "video.how.part": {
        "en": "a {seconds}-second part ({start}-{end} of your video)",
        "nl": "een stuk van {seconds} seconden ({start}-{end} van jouw video)",
    },
    "video.how.inside": {
        "en": "inside a longer video (at {start}-{end} of it)",
        "nl": "in een langere video (op {start}-{end} daarvan)",
    },
    "video.how.frame": {
        "en": "a frame from {at} of your video",
        "nl": "een beeld uit jouw video, op {at}",
    },
    "video.how.photo-in-video": {
        "en": "your photo, shown in this video at {at}",
        "nl": "jouw foto, te zien in deze video op {at}",
    },
    "video.shares": {
        "en": "{query}% of this video found in yours, {target}% of yours in this one",
        "nl": "{query}% van deze video komt voor in de jouwe, {target}% van de jouwe in deze",
    },
    "hash.row.video": {
        "en": "video of {duration}, {frames} frame fingerprint(s)",
        "nl": "video van {duration}, {frames} beeldvingerafdruk(ken)",
    },
    "hash.video-speed": {
        "en": "{videos} video(s): {frames} frames decoded in {seconds} s ({rate} frames/s).",
        "nl": "{videos} video('s): {frames} beelden gelezen in {seconds} s ({rate} beelden/s).",
    },
    "show.videos": {"en": "videos: {count}", "nl": "video's: {count}"},
    "exchange.videos": {
        "en": "With it: {count} video fingerprint(s) (file codes and frame codes, no pictures).",
        "nl": "Daarbij: {count} videovingerafdruk(ken) (bestandscodes en beeldcodes, geen beelden).",
    },
    "scan.row.video": {
        "en": "video of {duration}",
        "nl": "video van {duration}",
    },
    # -- qacli ------------------------------------------------------------------
    "error.home-empty": {
        "en": "--home is empty: give the folder for leakhelp's data, or leave --home out.",
        "nl": "--home is leeg: geef de map voor de gegevens van leakhelp, of laat --home weg.",
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
    # -- videos --------------------------------------------------------------
    "not-video": {
        "en": "not a video leakhelp can read (MP4, MOV, 3GP, MKV, WebM, AVI, WMV, MPEG, FLV or Ogg)",
        "nl": "geen video die leakhelp kan lezen (MP4, MOV, 3GP, MKV, WebM, AVI, WMV, MPEG, FLV of Ogg)",
    },
    "no-video-stream": {
        "en": "the file has no picture (sound only?)",
        "nl": "het bestand heeft geen beeld (alleen geluid?)",
    },
    "video-too-large": {
        "en": "video picture too large (more than {megapixels} megapixels), refused for safety",
        "nl": "videobeeld te groot (meer dan {megapixels} megapixel), voor de veiligheid geweigerd",
    },
    "video-truncated": {
        "en": "the video is damaged or incomplete (cut off)",
        "nl": "de video is beschadigd of onvolledig (afgebroken)",
    },
    "video-undecodable": {
        "en": "the video could not be decoded ({detail})",
        "nl": "de video kon niet worden gelezen ({detail})",
    },
    "no-frames": {
        "en": "no picture could be decoded from this video",
        "nl": "er kon geen beeld uit deze video worden gelezen",
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
