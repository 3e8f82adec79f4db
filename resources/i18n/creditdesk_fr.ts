<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>ClientListModel</name>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>PD</source>
        <translation>PD</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Issue du prêt</translation>
    </message>
</context>
<context>
    <name>ClientListPanel</name>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Identifiant client</translation>
    </message>
    <message>
        <source>Search clients by id</source>
        <translation>Rechercher un client par identifiant</translation>
    </message>
    <message>
        <source>&amp;Decision</source>
        <translation>&amp;Décision</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Filter by decision</source>
        <translation>Filtrer par décision</translation>
    </message>
    <message>
        <source>Client list</source>
        <translation>Liste des clients</translation>
    </message>
    <message>
        <source>%1 clients</source>
        <translation>%1 clients</translation>
    </message>
    <message>
        <source>Filter by %1</source>
        <translation>Filtrer par %1</translation>
    </message>
</context>
<context>
    <name>ComparisonPanel</name>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Cohort: %1</source>
        <translation>Cohorte : %1</translation>
    </message>
    <message>
        <source>&amp;Feature</source>
        <translation>&amp;Variable</translation>
    </message>
    <message>
        <source>Split &amp;by</source>
        <translation>Répartir &amp;par</translation>
    </message>
    <message>
        <source>&amp;Scatter against</source>
        <translation>&amp;Nuage avec</translation>
    </message>
    <message>
        <source>Outcome (repaid / defaulted)</source>
        <translation>Issue (remboursé / en défaut)</translation>
    </message>
    <message>
        <source>Model decision</source>
        <translation>Décision du modèle</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>Cohorte</translation>
    </message>
    <message>
        <source>The distribution, the scatter and the similar clients follow the cohort chosen here.</source>
        <translation>La distribution, le nuage de points et les clients similaires suivent la cohorte choisie ici.</translation>
    </message>
    <message>
        <source>Whole &amp;portfolio</source>
        <translation>Tout le &amp;portefeuille</translation>
    </message>
    <message>
        <source>Similar clients (nearest on the most important features)</source>
        <translation>Clients similaires (les plus proches sur les variables les plus importantes)</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>PD</source>
        <translation>PD</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Issue du prêt</translation>
    </message>
    <message>
        <source>Similar clients</source>
        <translation>Clients similaires</translation>
    </message>
    <message>
        <source>Distribution of the feature in the portfolio</source>
        <translation>Distribution de la variable dans le portefeuille</translation>
    </message>
    <message>
        <source>Scatter of two features over the portfolio</source>
        <translation>Nuage de deux variables sur le portefeuille</translation>
    </message>
    <message>
        <source>Share of the group (%)</source>
        <translation>Part du groupe (%)</translation>
    </message>
    <message>
        <source>This client&apos;s value is missing for this feature.</source>
        <translation>La valeur de ce client manque pour cette variable.</translation>
    </message>
    <message>
        <source>Client (dashed line): %1</source>
        <translation>Client (ligne pointillée) : %1</translation>
    </message>
    <message>
        <source>Client (dashed line): %1 — percentile %2 (share of the cohort at or below)</source>
        <translation>Client (ligne pointillée) : %1 — centile %2 (part de la cohorte à ce niveau ou en dessous)</translation>
    </message>
    <message>
        <source>%1 of %2 clients shown (random sample) over the density of all of them; the star is this client.</source>
        <translation>%1 clients sur %2 affichés (échantillon aléatoire) sur la densité de l&apos;ensemble ; l&apos;étoile est ce client.</translation>
    </message>
    <message>
        <source>%1 clients; the star is this client.</source>
        <translation>%1 clients ; l&apos;étoile est ce client.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The model cannot be used</source>
        <translation>Le modèle ne peut pas être utilisé</translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>&amp;Features shown</source>
        <translation>&amp;Variables affichées</translation>
    </message>
    <message>
        <source>Number of features shown</source>
        <translation>Nombre de variables affichées</translation>
    </message>
    <message>
        <source>Contributions to this client&apos;s score</source>
        <translation>Contributions au score de ce client</translation>
    </message>
    <message>
        <source>Each bar shows how much one feature moved this client&apos;s score away from the portfolio average (SHAP contribution, log-odds): to the right it raises the estimated risk, to the left it lowers it. Grey bars: the same feature&apos;s importance across all clients (mean |SHAP|).</source>
        <translation>Chaque barre montre de combien une variable a écarté le score de ce client de la moyenne du portefeuille (contribution SHAP, log-odds) : vers la droite elle augmente le risque estimé, vers la gauche elle le réduit. Barres grises : l&apos;importance de la même variable sur l&apos;ensemble des clients (moyenne des |SHAP|).</translation>
    </message>
    <message>
        <source>Client %1 — simulated application</source>
        <translation>Client %1 — demande simulée</translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation>Client %1</translation>
    </message>
    <message>
        <source>Reason codes</source>
        <translation>Motifs</translation>
    </message>
    <message>
        <source>Main reasons for the refusal</source>
        <translation>Principaux motifs du refus</translation>
    </message>
    <message>
        <source>Main factors raising the risk</source>
        <translation>Principaux facteurs qui augmentent le risque</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <source>No feature raises this client&apos;s risk above the average.</source>
        <translation>Aucune variable n&apos;augmente le risque de ce client au-dessus de la moyenne.</translation>
    </message>
</context>
<context>
    <name>Info</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <source>Model hash (SHA-256)</source>
        <translation>Empreinte du modèle (SHA-256)</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Chaîne de traitement</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Variables</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>Seuil de décision</translation>
    </message>
    <message>
        <source>Cost of a missed default</source>
        <translation>Coût d&apos;un défaut non détecté</translation>
    </message>
    <message>
        <source>Cost of a refused good client</source>
        <translation>Coût d&apos;un bon client refusé</translation>
    </message>
    <message>
        <source>test set</source>
        <translation>jeu de test</translation>
    </message>
    <message>
        <source>validation set</source>
        <translation>jeu de validation</translation>
    </message>
    <message>
        <source>AUC on the %1</source>
        <translation>AUC sur le %1</translation>
    </message>
    <message>
        <source>Cost per client on the %1</source>
        <translation>Coût par client sur le %1</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Fiche du modèle</translation>
    </message>
    <message>
        <source>The model estimates a calibrated probability of default (PD). A client is refused when the PD reaches the threshold, chosen on the validation set to minimise the business cost.</source>
        <translation>Le modèle estime une probabilité de défaut (PD) calibrée. Un client est refusé quand la PD atteint le seuil, choisi sur le jeu de validation pour minimiser le coût métier.</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <source>Decision rule</source>
        <translation>Règle de décision</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualité</translation>
    </message>
    <message>
        <source>Most important features (mean |SHAP|)</source>
        <translation>Variables les plus importantes (moyenne des |SHAP|)</translation>
    </message>
    <message>
        <source>Library versions</source>
        <translation>Versions des bibliothèques</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>aucun modèle chargé</translation>
    </message>
    <message>
        <source>Offline credit-decision tool for loan officers: a calibrated probability of default, its explanation, comparisons with the portfolio and what-if simulations. It never uses the network.</source>
        <translation>Outil hors ligne d&apos;aide à la décision de crédit pour les chargés de clientèle : une probabilité de défaut calibrée, son explication, des comparaisons avec le portefeuille et des simulations. Il n&apos;utilise jamais le réseau.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Pick a client in the list on the left (search by id, filter by decision or by a field; click the PD header to sort by score).</source>
        <translation>Choisissez un client dans la liste de gauche (recherche par identifiant, filtres par décision ou par champ ; cliquez sur l&apos;en-tête PD pour trier par score).</translation>
    </message>
    <message>
        <source>Score: the gauge shows the probability of default, the threshold and the decision. Record your decision below; if it differs from the model&apos;s, write a justification.</source>
        <translation>Score : la jauge montre la probabilité de défaut, le seuil et la décision. Enregistrez votre décision en dessous ; si elle diffère de celle du modèle, écrivez une justification.</translation>
    </message>
    <message>
        <source>Explanation: the bars show which features raised or lowered this client&apos;s risk, beside each feature&apos;s global importance. A refused client gets its main reasons in words.</source>
        <translation>Explication : les barres montrent quelles variables ont augmenté ou réduit le risque de ce client, à côté de l&apos;importance globale de chaque variable. Un client refusé reçoit ses principaux motifs en toutes lettres.</translation>
    </message>
    <message>
        <source>Comparison: see where the client stands in the portfolio or in a cohort, and which clients are most similar.</source>
        <translation>Comparaison : situez le client dans le portefeuille ou dans une cohorte, et voyez les clients les plus proches.</translation>
    </message>
    <message>
        <source>What-if: move the sliders to see the score follow; the store is never changed. &apos;Apply path to approval&apos; moves them to the smallest changes that would lead to acceptance.</source>
        <translation>Simulation : déplacez les curseurs et le score suit ; la base n&apos;est jamais modifiée. « Appliquer le chemin vers l&apos;accord » les place sur les plus petits changements qui mèneraient à un accord.</translation>
    </message>
    <message>
        <source>Portfolio: the scores of all clients, the approval rate, the expected cost, and the cost at each threshold.</source>
        <translation>Portefeuille : les scores de tous les clients, le taux d&apos;accord, le coût attendu et le coût à chaque seuil.</translation>
    </message>
    <message>
        <source>File ▸ Export explanation sheet writes a PDF and HTML sheet for the client; Monitoring ▸ Generate drift report compares the store with the model&apos;s training data.</source>
        <translation>Fichier ▸ Exporter la fiche d&apos;explication écrit une fiche PDF et HTML pour le client ; Surveillance ▸ Générer un rapport de dérive compare la base aux données d&apos;entraînement du modèle.</translation>
    </message>
    <message>
        <source>search a client</source>
        <translation>rechercher un client</translation>
    </message>
    <message>
        <source>switch panel</source>
        <translation>changer de panneau</translation>
    </message>
    <message>
        <source>export the explanation sheet</source>
        <translation>exporter la fiche d&apos;explication</translation>
    </message>
    <message>
        <source>open a store</source>
        <translation>ouvrir une base</translation>
    </message>
    <message>
        <source>this guide</source>
        <translation>ce guide</translation>
    </message>
    <message>
        <source>Short guide</source>
        <translation>Guide rapide</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Clavier</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Annulé : %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Accept</source>
        <translation>Accord</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Refus</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Non évalué</translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation>Pas encore connue</translation>
    </message>
    <message>
        <source>Defaulted</source>
        <translation>En défaut</translation>
    </message>
    <message>
        <source>Repaid</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>Tranche d&apos;âge</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explication</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparaison</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>Simulation</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>Portefeuille</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Monitoring</source>
        <translation>&amp;Surveillance</translation>
    </message>
    <message>
        <source>M&amp;odel</source>
        <translation>M&amp;odèle</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>&amp;Open store…</source>
        <translation>&amp;Ouvrir une base…</translation>
    </message>
    <message>
        <source>&amp;Import Home Credit files…</source>
        <translation>&amp;Importer les fichiers Home Credit…</translation>
    </message>
    <message>
        <source>Import a &amp;table…</source>
        <translation>Importer une &amp;table…</translation>
    </message>
    <message>
        <source>&amp;Export explanation sheet…</source>
        <translation>&amp;Exporter la fiche d&apos;explication…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Generate drift report…</source>
        <translation>&amp;Générer un rapport de dérive…</translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation>&amp;Rapports…</translation>
    </message>
    <message>
        <source>Model &amp;card</source>
        <translation>&amp;Fiche du modèle</translation>
    </message>
    <message>
        <source>&amp;Score the portfolio</source>
        <translation>&amp;Évaluer le portefeuille</translation>
    </message>
    <message>
        <source>&amp;Search a client</source>
        <translation>&amp;Rechercher un client</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Clair</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Sombre</translation>
    </message>
    <message>
        <source>Short &amp;guide</source>
        <translation>&amp;Guide rapide</translation>
    </message>
    <message>
        <source>&amp;About CreditDesk</source>
        <translation>À &amp;propos de CreditDesk</translation>
    </message>
    <message>
        <source>Client panels</source>
        <translation>Panneaux du client</translation>
    </message>
    <message>
        <source>Client list</source>
        <translation>Liste des clients</translation>
    </message>
    <message>
        <source>No store open</source>
        <translation>Aucune base ouverte</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>lecture seule</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Base : %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modèle : %1</translation>
    </message>
    <message>
        <source>No client selected</source>
        <translation>Aucun client sélectionné</translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation>Client %1</translation>
    </message>
    <message>
        <source>model decision: %1</source>
        <translation>décision du modèle : %1</translation>
    </message>
    <message>
        <source>past loan outcome: %1</source>
        <translation>issue du prêt : %1</translation>
    </message>
    <message>
        <source>what-if: %1</source>
        <translation>simulation : %1</translation>
    </message>
    <message>
        <source>Loading client %1…</source>
        <translation>Chargement du client %1…</translation>
    </message>
    <message>
        <source>CreditDesk</source>
        <translation>CreditDesk</translation>
    </message>
    <message>
        <source>First start: building a demo store of %1 synthetic clients</source>
        <translation>Premier démarrage : création d&apos;une base de démonstration de %1 clients synthétiques</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Ouverture de %1…</translation>
    </message>
    <message>
        <source>Cannot open the store</source>
        <translation>Impossible d&apos;ouvrir la base</translation>
    </message>
    <message>
        <source>Open another store…</source>
        <translation>Ouvrir une autre base…</translation>
    </message>
    <message>
        <source>Rebuild the default store</source>
        <translation>Reconstruire la base par défaut</translation>
    </message>
    <message>
        <source>You can open another store, or rebuild the default demo store (the damaged file is kept beside it).</source>
        <translation>Vous pouvez ouvrir une autre base, ou reconstruire la base de démonstration par défaut (le fichier endommagé est conservé à côté).</translation>
    </message>
    <message>
        <source>You can open another store, or build the default demo store at %1.</source>
        <translation>Vous pouvez ouvrir une autre base, ou créer la base de démonstration par défaut dans %1.</translation>
    </message>
    <message>
        <source>Open the default store</source>
        <translation>Ouvrir la base par défaut</translation>
    </message>
    <message>
        <source>You can open another store, or the default store (%1).</source>
        <translation>Vous pouvez ouvrir une autre base, ou la base par défaut (%1).</translation>
    </message>
    <message>
        <source>CreditDesk cannot use this file as a client store:</source>
        <translation>CreditDesk ne peut pas utiliser ce fichier comme base clients :</translation>
    </message>
    <message>
        <source>Rebuilding the default store (%1 synthetic clients)</source>
        <translation>Reconstruction de la base par défaut (%1 clients synthétiques)</translation>
    </message>
    <message>
        <source>The store is open read-only: decisions cannot be recorded.</source>
        <translation>La base est ouverte en lecture seule : les décisions ne peuvent pas être enregistrées.</translation>
    </message>
    <message>
        <source>Store opened.</source>
        <translation>Base ouverte.</translation>
    </message>
    <message>
        <source>Open a client store</source>
        <translation>Ouvrir une base clients</translation>
    </message>
    <message>
        <source>CreditDesk stores (*.duckdb);;All files (*)</source>
        <translation>Bases CreditDesk (*.duckdb);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Score the portfolio</source>
        <translation>Évaluer le portefeuille</translation>
    </message>
    <message>
        <source>The store is open read-only: the scores cannot be written.</source>
        <translation>La base est ouverte en lecture seule : les scores ne peuvent pas être écrits.</translation>
    </message>
    <message>
        <source>Portfolio scored.</source>
        <translation>Portefeuille évalué.</translation>
    </message>
    <message>
        <source>Scoring the portfolio in the background…</source>
        <translation>Évaluation du portefeuille en arrière-plan…</translation>
    </message>
    <message>
        <source>Folder with the Home Credit CSV files</source>
        <translation>Dossier des fichiers CSV Home Credit</translation>
    </message>
    <message>
        <source>New client store</source>
        <translation>Nouvelle base clients</translation>
    </message>
    <message>
        <source>CreditDesk stores (*.duckdb)</source>
        <translation>Bases CreditDesk (*.duckdb)</translation>
    </message>
    <message>
        <source>Importing the Home Credit files</source>
        <translation>Import des fichiers Home Credit</translation>
    </message>
    <message>
        <source>Import a table</source>
        <translation>Importer une table</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Column holding the client id:</source>
        <translation>Colonne de l&apos;identifiant client :</translation>
    </message>
    <message>
        <source>Column holding the past outcome (1 = defaulted), or empty:</source>
        <translation>Colonne de l&apos;issue connue (1 = en défaut), ou vide :</translation>
    </message>
    <message>
        <source>Importing the table</source>
        <translation>Import de la table</translation>
    </message>
    <message>
        <source>Export explanation sheet</source>
        <translation>Exporter la fiche d&apos;explication</translation>
    </message>
    <message>
        <source>PDF and HTML sheet (*.pdf)</source>
        <translation>Fiche PDF et HTML (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting the explanation sheet</source>
        <translation>Export de la fiche d&apos;explication</translation>
    </message>
    <message>
        <source>Explanation sheet written: %1</source>
        <translation>Fiche d&apos;explication écrite : %1</translation>
    </message>
    <message>
        <source>Written:
%1</source>
        <translation>Écrit :
%1</translation>
    </message>
    <message>
        <source>Generating the drift report</source>
        <translation>Génération du rapport de dérive</translation>
    </message>
    <message>
        <source>Drift report written: %1</source>
        <translation>Rapport de dérive écrit : %1</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Fiche du modèle</translation>
    </message>
    <message>
        <source>About CreditDesk</source>
        <translation>À propos de CreditDesk</translation>
    </message>
    <message>
        <source>Short guide</source>
        <translation>Guide rapide</translation>
    </message>
</context>
<context>
    <name>OverrideBox</name>
    <message>
        <source>Officer&apos;s decision</source>
        <translation>Décision du chargé de clientèle</translation>
    </message>
    <message>
        <source>&amp;Officer</source>
        <translation>&amp;Chargé de clientèle</translation>
    </message>
    <message>
        <source>&amp;Justification (required when you differ from the model)</source>
        <translation>&amp;Justification (obligatoire si vous vous écartez du modèle)</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Justification</translation>
    </message>
    <message>
        <source>Officer name</source>
        <translation>Nom du chargé de clientèle</translation>
    </message>
    <message>
        <source>&amp;Record decision</source>
        <translation>&amp;Enregistrer la décision</translation>
    </message>
    <message>
        <source>Decisions recorded for this client</source>
        <translation>Décisions enregistrées pour ce client</translation>
    </message>
    <message>
        <source>This overrides the model&apos;s decision (%1): a written justification is required.</source>
        <translation>Cela contredit la décision du modèle (%1) : une justification écrite est obligatoire.</translation>
    </message>
    <message>
        <source>Same as the model&apos;s decision.</source>
        <translation>Identique à la décision du modèle.</translation>
    </message>
    <message>
        <source>Justification required</source>
        <translation>Justification obligatoire</translation>
    </message>
    <message>
        <source>Your decision differs from the model&apos;s. Write why in the justification box before recording it.</source>
        <translation>Votre décision diffère de celle du modèle. Expliquez pourquoi dans la zone de justification avant de l&apos;enregistrer.</translation>
    </message>
    <message>
        <source>Decision recorded in the decision log (entry %1).</source>
        <translation>Décision enregistrée dans le journal des décisions (entrée %1).</translation>
    </message>
    <message>
        <source>Decision not recorded</source>
        <translation>Décision non enregistrée</translation>
    </message>
    <message>
        <source>override</source>
        <translation>dérogation</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>Aucune pour l&apos;instant</translation>
    </message>
</context>
<context>
    <name>PortfolioPanel</name>
    <message>
        <source>Portfolio at the model&apos;s threshold</source>
        <translation>Portefeuille au seuil du modèle</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Scored with this model</source>
        <translation>Évalués par ce modèle</translation>
    </message>
    <message>
        <source>Approval rate</source>
        <translation>Taux d&apos;accord</translation>
    </message>
    <message>
        <source>Expected cost per client</source>
        <translation>Coût attendu par client</translation>
    </message>
    <message>
        <source>Mean PD of accepted clients</source>
        <translation>PD moyenne des clients acceptés</translation>
    </message>
    <message>
        <source>Observed default rate (known outcomes)</source>
        <translation>Taux de défaut observé (issues connues)</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>Seuil de décision</translation>
    </message>
    <message>
        <source>Score the &amp;portfolio again</source>
        <translation>Réévaluer le &amp;portefeuille</translation>
    </message>
    <message>
        <source>Distribution of the probability of default over the portfolio</source>
        <translation>Distribution de la probabilité de défaut dans le portefeuille</translation>
    </message>
    <message>
        <source>Expected cost per client against the threshold</source>
        <translation>Coût attendu par client selon le seuil</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n.d.</translation>
    </message>
    <message>
        <source>%1 (a missed default costs %2 × a refused good client)</source>
        <translation>%1 (un défaut non détecté coûte %2 × un bon client refusé)</translation>
    </message>
    <message>
        <source>Accepted client: cost of a default × PD; refused client: cost of a lost good client × (1 − PD).</source>
        <translation>Client accepté : coût d&apos;un défaut × PD ; client refusé : coût d&apos;un bon client perdu × (1 − PD).</translation>
    </message>
    <message>
        <source>Probability of default (%)</source>
        <translation>Probabilité de défaut (%)</translation>
    </message>
    <message>
        <source>Scores of the portfolio</source>
        <translation>Scores du portefeuille</translation>
    </message>
    <message>
        <source>Score chart: the solid vertical line is the threshold, the dashed one this client; refused clients are drawn hatched.</source>
        <translation>Graphique des scores : la ligne verticale pleine est le seuil, la pointillée ce client ; les clients refusés sont hachurés.</translation>
    </message>
    <message>
        <source>Threshold (%)</source>
        <translation>Seuil (%)</translation>
    </message>
    <message>
        <source>Cost per client</source>
        <translation>Coût par client</translation>
    </message>
    <message>
        <source>Business cost against the threshold</source>
        <translation>Coût métier selon le seuil</translation>
    </message>
    <message>
        <source>validation set of the model</source>
        <translation>jeu de validation du modèle</translation>
    </message>
    <message>
        <source>reference sample of the model</source>
        <translation>échantillon de référence du modèle</translation>
    </message>
    <message>
        <source>Mean cost per client on the %1; the diamond marks the model&apos;s threshold (%2).</source>
        <translation>Coût moyen par client sur le %1 ; le losange marque le seuil du modèle (%2).</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Drift reports</source>
        <translation>Rapports de dérive</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Écrit le</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Drifted features</source>
        <translation>Variables en dérive</translation>
    </message>
    <message>
        <source>Score PSI</source>
        <translation>PSI du score</translation>
    </message>
    <message>
        <source>Data compared</source>
        <translation>Données comparées</translation>
    </message>
    <message>
        <source>Reading the reports folder…</source>
        <translation>Lecture du dossier des rapports…</translation>
    </message>
    <message>
        <source>%1 (%2 of the features)</source>
        <translation>%1 (%2 des variables)</translation>
    </message>
    <message>
        <source>Double-click a report to open it in the browser (it works offline).</source>
        <translation>Double-cliquez sur un rapport pour l&apos;ouvrir dans le navigateur (il fonctionne hors ligne).</translation>
    </message>
    <message>
        <source>No drift report yet: use Monitoring ▸ Generate drift report.</source>
        <translation>Aucun rapport de dérive pour l&apos;instant : utilisez Surveillance ▸ Générer un rapport de dérive.</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <source>Application</source>
        <translation>Demande</translation>
    </message>
    <message>
        <source>Probability of default gauge</source>
        <translation>Jauge de probabilité de défaut</translation>
    </message>
    <message>
        <source>Simulated application (what-if): %1 field(s) changed. The officer&apos;s decision below is recorded on the original application.</source>
        <translation>Demande simulée : %1 champ(s) modifié(s). La décision du chargé de clientèle ci-dessous est enregistrée sur la demande d&apos;origine.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Model decision</source>
        <translation>Décision du modèle</translation>
    </message>
    <message>
        <source>Probability of default</source>
        <translation>Probabilité de défaut</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Seuil</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Past loan outcome</source>
        <translation>Issue du prêt</translation>
    </message>
</context>
<context>
    <name>WhatIfPanel</name>
    <message>
        <source>original: %1</source>
        <translation>original : %1</translation>
    </message>
    <message>
        <source>%1, exact value</source>
        <translation>%1, valeur exacte</translation>
    </message>
    <message>
        <source>Application fields (the store is never changed)</source>
        <translation>Champs de la demande (la base n&apos;est jamais modifiée)</translation>
    </message>
    <message>
        <source>Original ▲</source>
        <translation>Original ▲</translation>
    </message>
    <message>
        <source>The application&apos;s own value; ▲ under a slider and ◆ in a list mark it too.</source>
        <translation>La valeur de la demande ; ▲ sous un curseur et ◆ dans une liste la signalent aussi.</translation>
    </message>
    <message>
        <source>&amp;Reset to the original</source>
        <translation>&amp;Revenir à l&apos;original</translation>
    </message>
    <message>
        <source>Apply &amp;path to approval</source>
        <translation>Appliquer le &amp;chemin vers l&apos;accord</translation>
    </message>
    <message>
        <source>Moves the sliders to the smallest changes that would turn the decision to accept</source>
        <translation>Place les curseurs sur les plus petits changements qui mèneraient à un accord</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>Simulé</translation>
    </message>
    <message>
        <source>Original versus simulated</source>
        <translation>Original et simulé</translation>
    </message>
    <message>
        <source>Simulated probability of default gauge</source>
        <translation>Jauge de la probabilité de défaut simulée</translation>
    </message>
    <message>
        <source>Contributions to the simulated score</source>
        <translation>Contributions au score simulé</translation>
    </message>
    <message>
        <source>Probability of default</source>
        <translation>Probabilité de défaut</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>Searching for the smallest changes…</source>
        <translation>Recherche des plus petits changements…</translation>
    </message>
    <message>
        <source>Path to approval applied to the sliders.</source>
        <translation>Chemin vers l&apos;accord appliqué aux curseurs.</translation>
    </message>
    <message>
        <source>No realistic change of the editable fields turns this decision to accept.</source>
        <translation>Aucun changement réaliste des champs modifiables ne mène à un accord.</translation>
    </message>
</context>
</TS>
