<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <translation>Decision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
</context>
<context>
    <name>ClientListPanel</name>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client id</translation>
    </message>
    <message>
        <source>Search clients by id</source>
        <translation>Search clients by id</translation>
    </message>
    <message>
        <source>&amp;Decision</source>
        <translation>&amp;Decision</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Filter by decision</source>
        <translation>Filter by decision</translation>
    </message>
    <message>
        <source>Client list</source>
        <translation>Client list</translation>
    </message>
    <message>
        <source>%1 clients</source>
        <translation>%1 clients</translation>
    </message>
    <message>
        <source>Filter by %1</source>
        <translation>Filter by %1</translation>
    </message>
</context>
<context>
    <name>ComparisonPanel</name>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Cohort: %1</source>
        <translation>Cohort: %1</translation>
    </message>
    <message>
        <source>&amp;Feature</source>
        <translation>&amp;Feature</translation>
    </message>
    <message>
        <source>Split &amp;by</source>
        <translation>Split &amp;by</translation>
    </message>
    <message>
        <source>&amp;Scatter against</source>
        <translation>&amp;Scatter against</translation>
    </message>
    <message>
        <source>Outcome (repaid / defaulted)</source>
        <translation>Outcome (repaid / defaulted)</translation>
    </message>
    <message>
        <source>Model decision</source>
        <translation>Model decision</translation>
    </message>
    <message>
        <source>Cohort</source>
        <translation>Cohort</translation>
    </message>
    <message>
        <source>The distribution, the scatter and the similar clients follow the cohort chosen here.</source>
        <translation>The distribution, the scatter and the similar clients follow the cohort chosen here.</translation>
    </message>
    <message>
        <source>Whole &amp;portfolio</source>
        <translation>Whole &amp;portfolio</translation>
    </message>
    <message>
        <source>Similar clients (nearest on the most important features)</source>
        <translation>Similar clients (nearest on the most important features)</translation>
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
        <translation>Decision</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Similar clients</source>
        <translation>Similar clients</translation>
    </message>
    <message>
        <source>Distribution of the feature in the portfolio</source>
        <translation>Distribution of the feature in the portfolio</translation>
    </message>
    <message>
        <source>Scatter of two features over the portfolio</source>
        <translation>Scatter of two features over the portfolio</translation>
    </message>
    <message>
        <source>Share of the group (%)</source>
        <translation>Share of the group (%)</translation>
    </message>
    <message>
        <source>This client's value is missing for this feature.</source>
        <translation>This client's value is missing for this feature.</translation>
    </message>
    <message>
        <source>Client (dashed line): %1</source>
        <translation>Client (dashed line): %1</translation>
    </message>
    <message>
        <source>Client (dashed line): %1 — percentile %2 (share of the cohort at or below)</source>
        <translation>Client (dashed line): %1 — percentile %2 (share of the cohort at or below)</translation>
    </message>
    <message>
        <source>%1 of %2 clients shown (random sample) over the density of all of them; the star is this client.</source>
        <translation>%1 of %2 clients shown (random sample) over the density of all of them; the star is this client.</translation>
    </message>
    <message>
        <source>%1 clients; the star is this client.</source>
        <translation>%1 clients; the star is this client.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The model cannot be used</source>
        <translation>The model cannot be used</translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>&amp;Features shown</source>
        <translation>&amp;Features shown</translation>
    </message>
    <message>
        <source>Number of features shown</source>
        <translation>Number of features shown</translation>
    </message>
    <message>
        <source>Contributions to this client's score</source>
        <translation>Contributions to this client's score</translation>
    </message>
    <message>
        <source>Each bar shows how much one feature moved this client's score away from the portfolio average (SHAP contribution, log-odds): to the right it raises the estimated risk, to the left it lowers it. Grey bars: the same feature's importance across all clients (mean |SHAP|).</source>
        <translation>Each bar shows how much one feature moved this client's score away from the portfolio average (SHAP contribution, log-odds): to the right it raises the estimated risk, to the left it lowers it. Grey bars: the same feature's importance across all clients (mean |SHAP|).</translation>
    </message>
    <message>
        <source>Client %1 — simulated application</source>
        <translation>Client %1 — simulated application</translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation>Client %1</translation>
    </message>
    <message>
        <source>Reason codes</source>
        <translation>Reason codes</translation>
    </message>
    <message>
        <source>Main reasons for the refusal</source>
        <translation>Main reasons for the refusal</translation>
    </message>
    <message>
        <source>Main factors raising the risk</source>
        <translation>Main factors raising the risk</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>No feature raises this client's risk above the average.</source>
        <translation>No feature raises this client's risk above the average.</translation>
    </message>
</context>
<context>
    <name>Info</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Model hash (SHA-256)</source>
        <translation>Model hash (SHA-256)</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Features</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>Decision threshold</translation>
    </message>
    <message>
        <source>Cost of a missed default</source>
        <translation>Cost of a missed default</translation>
    </message>
    <message>
        <source>Cost of a refused good client</source>
        <translation>Cost of a refused good client</translation>
    </message>
    <message>
        <source>test set</source>
        <translation>test set</translation>
    </message>
    <message>
        <source>validation set</source>
        <translation>validation set</translation>
    </message>
    <message>
        <source>AUC on the %1</source>
        <translation>AUC on the %1</translation>
    </message>
    <message>
        <source>Cost per client on the %1</source>
        <translation>Cost per client on the %1</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Model card</translation>
    </message>
    <message>
        <source>The model estimates a calibrated probability of default (PD). A client is refused when the PD reaches the threshold, chosen on the validation set to minimise the business cost.</source>
        <translation>The model estimates a calibrated probability of default (PD). A client is refused when the PD reaches the threshold, chosen on the validation set to minimise the business cost.</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>Decision rule</source>
        <translation>Decision rule</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Quality</translation>
    </message>
    <message>
        <source>Most important features (mean |SHAP|)</source>
        <translation>Most important features (mean |SHAP|)</translation>
    </message>
    <message>
        <source>Library versions</source>
        <translation>Library versions</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>no model loaded</translation>
    </message>
    <message>
        <source>Offline credit-decision tool for loan officers: a calibrated probability of default, its explanation, comparisons with the portfolio and what-if simulations. It never uses the network.</source>
        <translation>Offline credit-decision tool for loan officers: a calibrated probability of default, its explanation, comparisons with the portfolio and what-if simulations. It never uses the network.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Pick a client in the list on the left (search by id, filter by decision or by a field; click the PD header to sort by score).</source>
        <translation>Pick a client in the list on the left (search by id, filter by decision or by a field; click the PD header to sort by score).</translation>
    </message>
    <message>
        <source>Score: the gauge shows the probability of default, the threshold and the decision. Record your decision below; if it differs from the model's, write a justification.</source>
        <translation>Score: the gauge shows the probability of default, the threshold and the decision. Record your decision below; if it differs from the model's, write a justification.</translation>
    </message>
    <message>
        <source>Explanation: the bars show which features raised or lowered this client's risk, beside each feature's global importance. A refused client gets its main reasons in words.</source>
        <translation>Explanation: the bars show which features raised or lowered this client's risk, beside each feature's global importance. A refused client gets its main reasons in words.</translation>
    </message>
    <message>
        <source>Comparison: see where the client stands in the portfolio or in a cohort, and which clients are most similar.</source>
        <translation>Comparison: see where the client stands in the portfolio or in a cohort, and which clients are most similar.</translation>
    </message>
    <message>
        <source>What-if: move the sliders to see the score follow; the store is never changed. 'Apply path to approval' moves them to the smallest changes that would lead to acceptance.</source>
        <translation>What-if: move the sliders to see the score follow; the store is never changed. 'Apply path to approval' moves them to the smallest changes that would lead to acceptance.</translation>
    </message>
    <message>
        <source>Portfolio: the scores of all clients, the approval rate, the expected cost, and the cost at each threshold.</source>
        <translation>Portfolio: the scores of all clients, the approval rate, the expected cost, and the cost at each threshold.</translation>
    </message>
    <message>
        <source>File ▸ Export explanation sheet writes a PDF and HTML sheet for the client; Monitoring ▸ Generate drift report compares the store with the model's training data.</source>
        <translation>File ▸ Export explanation sheet writes a PDF and HTML sheet for the client; Monitoring ▸ Generate drift report compares the store with the model's training data.</translation>
    </message>
    <message>
        <source>search a client</source>
        <translation>search a client</translation>
    </message>
    <message>
        <source>switch panel</source>
        <translation>switch panel</translation>
    </message>
    <message>
        <source>export the explanation sheet</source>
        <translation>export the explanation sheet</translation>
    </message>
    <message>
        <source>open a store</source>
        <translation>open a store</translation>
    </message>
    <message>
        <source>this guide</source>
        <translation>this guide</translation>
    </message>
    <message>
        <source>Short guide</source>
        <translation>Short guide</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Keyboard</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Cancelled: %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Accept</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>Not known yet</source>
        <translation>Not known yet</translation>
    </message>
    <message>
        <source>Defaulted</source>
        <translation>Defaulted</translation>
    </message>
    <message>
        <source>Repaid</source>
        <translation>Repaid</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>Age band</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparison</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>What-if</translation>
    </message>
    <message>
        <source>Portfolio</source>
        <translation>Portfolio</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Monitoring</source>
        <translation>&amp;Monitoring</translation>
    </message>
    <message>
        <source>M&amp;odel</source>
        <translation>M&amp;odel</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>&amp;Open store…</source>
        <translation>&amp;Open store…</translation>
    </message>
    <message>
        <source>&amp;Import Home Credit files…</source>
        <translation>&amp;Import Home Credit files…</translation>
    </message>
    <message>
        <source>Import a &amp;table…</source>
        <translation>Import a &amp;table…</translation>
    </message>
    <message>
        <source>&amp;Export explanation sheet…</source>
        <translation>&amp;Export explanation sheet…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Generate drift report…</source>
        <translation>&amp;Generate drift report…</translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation>&amp;Reports…</translation>
    </message>
    <message>
        <source>Model &amp;card</source>
        <translation>Model &amp;card</translation>
    </message>
    <message>
        <source>&amp;Score the portfolio</source>
        <translation>&amp;Score the portfolio</translation>
    </message>
    <message>
        <source>&amp;Search a client</source>
        <translation>&amp;Search a client</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>Short &amp;guide</source>
        <translation>Short &amp;guide</translation>
    </message>
    <message>
        <source>&amp;About CreditDesk</source>
        <translation>&amp;About CreditDesk</translation>
    </message>
    <message>
        <source>Client panels</source>
        <translation>Client panels</translation>
    </message>
    <message>
        <source>Client list</source>
        <translation>Client list</translation>
    </message>
    <message>
        <source>No store open</source>
        <translation>No store open</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>read-only</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Store: %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>No client selected</source>
        <translation>No client selected</translation>
    </message>
    <message>
        <source>Client %1</source>
        <translation>Client %1</translation>
    </message>
    <message>
        <source>model decision: %1</source>
        <translation>model decision: %1</translation>
    </message>
    <message>
        <source>past loan outcome: %1</source>
        <translation>past loan outcome: %1</translation>
    </message>
    <message>
        <source>what-if: %1</source>
        <translation>what-if: %1</translation>
    </message>
    <message>
        <source>Loading client %1…</source>
        <translation>Loading client %1…</translation>
    </message>
    <message>
        <source>CreditDesk</source>
        <translation>CreditDesk</translation>
    </message>
    <message>
        <source>First start: building a demo store of %1 synthetic clients</source>
        <translation>First start: building a demo store of %1 synthetic clients</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Opening %1…</translation>
    </message>
    <message>
        <source>Cannot open the store</source>
        <translation>Cannot open the store</translation>
    </message>
    <message>
        <source>Open another store…</source>
        <translation>Open another store…</translation>
    </message>
    <message>
        <source>Rebuild the default store</source>
        <translation>Rebuild the default store</translation>
    </message>
    <message>
        <source>You can open another store, or rebuild the default demo store (the damaged file is kept beside it).</source>
        <translation>You can open another store, or rebuild the default demo store (the damaged file is kept beside it).</translation>
    </message>
    <message>
        <source>You can open another store, or build the default demo store at %1.</source>
        <translation>You can open another store, or build the default demo store at %1.</translation>
    </message>
    <message>
        <source>Open the default store</source>
        <translation>Open the default store</translation>
    </message>
    <message>
        <source>You can open another store, or the default store (%1).</source>
        <translation>You can open another store, or the default store (%1).</translation>
    </message>
    <message>
        <source>CreditDesk cannot use this file as a client store:</source>
        <translation>CreditDesk cannot use this file as a client store:</translation>
    </message>
    <message>
        <source>Rebuilding the default store (%1 synthetic clients)</source>
        <translation>Rebuilding the default store (%1 synthetic clients)</translation>
    </message>
    <message>
        <source>The store is open read-only: decisions cannot be recorded.</source>
        <translation>The store is open read-only: decisions cannot be recorded.</translation>
    </message>
    <message>
        <source>Store opened.</source>
        <translation>Store opened.</translation>
    </message>
    <message>
        <source>Open a client store</source>
        <translation>Open a client store</translation>
    </message>
    <message>
        <source>CreditDesk stores (*.duckdb);;All files (*)</source>
        <translation>CreditDesk stores (*.duckdb);;All files (*)</translation>
    </message>
    <message>
        <source>Score the portfolio</source>
        <translation>Score the portfolio</translation>
    </message>
    <message>
        <source>The store is open read-only: the scores cannot be written.</source>
        <translation>The store is open read-only: the scores cannot be written.</translation>
    </message>
    <message>
        <source>Portfolio scored.</source>
        <translation>Portfolio scored.</translation>
    </message>
    <message>
        <source>Scoring the portfolio in the background…</source>
        <translation>Scoring the portfolio in the background…</translation>
    </message>
    <message>
        <source>Folder with the Home Credit CSV files</source>
        <translation>Folder with the Home Credit CSV files</translation>
    </message>
    <message>
        <source>New client store</source>
        <translation>New client store</translation>
    </message>
    <message>
        <source>CreditDesk stores (*.duckdb)</source>
        <translation>CreditDesk stores (*.duckdb)</translation>
    </message>
    <message>
        <source>Importing the Home Credit files</source>
        <translation>Importing the Home Credit files</translation>
    </message>
    <message>
        <source>Import a table</source>
        <translation>Import a table</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>Column holding the client id:</source>
        <translation>Column holding the client id:</translation>
    </message>
    <message>
        <source>Column holding the past outcome (1 = defaulted), or empty:</source>
        <translation>Column holding the past outcome (1 = defaulted), or empty:</translation>
    </message>
    <message>
        <source>Importing the table</source>
        <translation>Importing the table</translation>
    </message>
    <message>
        <source>Export explanation sheet</source>
        <translation>Export explanation sheet</translation>
    </message>
    <message>
        <source>PDF and HTML sheet (*.pdf)</source>
        <translation>PDF and HTML sheet (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting the explanation sheet</source>
        <translation>Exporting the explanation sheet</translation>
    </message>
    <message>
        <source>Explanation sheet written: %1</source>
        <translation>Explanation sheet written: %1</translation>
    </message>
    <message>
        <source>Written:
%1</source>
        <translation>Written:
%1</translation>
    </message>
    <message>
        <source>Generating the drift report</source>
        <translation>Generating the drift report</translation>
    </message>
    <message>
        <source>Drift report written: %1</source>
        <translation>Drift report written: %1</translation>
    </message>
    <message>
        <source>Model card</source>
        <translation>Model card</translation>
    </message>
    <message>
        <source>About CreditDesk</source>
        <translation>About CreditDesk</translation>
    </message>
    <message>
        <source>Short guide</source>
        <translation>Short guide</translation>
    </message>
</context>
<context>
    <name>OverrideBox</name>
    <message>
        <source>Officer's decision</source>
        <translation>Officer's decision</translation>
    </message>
    <message>
        <source>&amp;Officer</source>
        <translation>&amp;Officer</translation>
    </message>
    <message>
        <source>&amp;Justification (required when you differ from the model)</source>
        <translation>&amp;Justification (required when you differ from the model)</translation>
    </message>
    <message>
        <source>Justification</source>
        <translation>Justification</translation>
    </message>
    <message>
        <source>Officer name</source>
        <translation>Officer name</translation>
    </message>
    <message>
        <source>&amp;Record decision</source>
        <translation>&amp;Record decision</translation>
    </message>
    <message>
        <source>Decisions recorded for this client</source>
        <translation>Decisions recorded for this client</translation>
    </message>
    <message>
        <source>This overrides the model's decision (%1): a written justification is required.</source>
        <translation>This overrides the model's decision (%1): a written justification is required.</translation>
    </message>
    <message>
        <source>Same as the model's decision.</source>
        <translation>Same as the model's decision.</translation>
    </message>
    <message>
        <source>Justification required</source>
        <translation>Justification required</translation>
    </message>
    <message>
        <source>Your decision differs from the model's. Write why in the justification box before recording it.</source>
        <translation>Your decision differs from the model's. Write why in the justification box before recording it.</translation>
    </message>
    <message>
        <source>Decision recorded in the decision log (entry %1).</source>
        <translation>Decision recorded in the decision log (entry %1).</translation>
    </message>
    <message>
        <source>Decision not recorded</source>
        <translation>Decision not recorded</translation>
    </message>
    <message>
        <source>override</source>
        <translation>override</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>None yet</translation>
    </message>
</context>
<context>
    <name>PortfolioPanel</name>
    <message>
        <source>Portfolio at the model's threshold</source>
        <translation>Portfolio at the model's threshold</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Scored with this model</source>
        <translation>Scored with this model</translation>
    </message>
    <message>
        <source>Approval rate</source>
        <translation>Approval rate</translation>
    </message>
    <message>
        <source>Expected cost per client</source>
        <translation>Expected cost per client</translation>
    </message>
    <message>
        <source>Mean PD of accepted clients</source>
        <translation>Mean PD of accepted clients</translation>
    </message>
    <message>
        <source>Observed default rate (known outcomes)</source>
        <translation>Observed default rate (known outcomes)</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>Decision threshold</translation>
    </message>
    <message>
        <source>Score the &amp;portfolio again</source>
        <translation>Score the &amp;portfolio again</translation>
    </message>
    <message>
        <source>Distribution of the probability of default over the portfolio</source>
        <translation>Distribution of the probability of default over the portfolio</translation>
    </message>
    <message>
        <source>Expected cost per client against the threshold</source>
        <translation>Expected cost per client against the threshold</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>n/a</translation>
    </message>
    <message>
        <source>%1 (a missed default costs %2 × a refused good client)</source>
        <translation>%1 (a missed default costs %2 × a refused good client)</translation>
    </message>
    <message>
        <source>Accepted client: cost of a default × PD; refused client: cost of a lost good client × (1 − PD).</source>
        <translation>Accepted client: cost of a default × PD; refused client: cost of a lost good client × (1 − PD).</translation>
    </message>
    <message>
        <source>Probability of default (%)</source>
        <translation>Probability of default (%)</translation>
    </message>
    <message>
        <source>Scores of the portfolio</source>
        <translation>Scores of the portfolio</translation>
    </message>
    <message>
        <source>Score chart: the solid vertical line is the threshold, the dashed one this client; refused clients are drawn hatched.</source>
        <translation>Score chart: the solid vertical line is the threshold, the dashed one this client; refused clients are drawn hatched.</translation>
    </message>
    <message>
        <source>Threshold (%)</source>
        <translation>Threshold (%)</translation>
    </message>
    <message>
        <source>Cost per client</source>
        <translation>Cost per client</translation>
    </message>
    <message>
        <source>Business cost against the threshold</source>
        <translation>Business cost against the threshold</translation>
    </message>
    <message>
        <source>validation set of the model</source>
        <translation>validation set of the model</translation>
    </message>
    <message>
        <source>reference sample of the model</source>
        <translation>reference sample of the model</translation>
    </message>
    <message>
        <source>Mean cost per client on the %1; the diamond marks the model's threshold (%2).</source>
        <translation>Mean cost per client on the %1; the diamond marks the model's threshold (%2).</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Drift reports</source>
        <translation>Drift reports</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Written</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Drifted features</source>
        <translation>Drifted features</translation>
    </message>
    <message>
        <source>Score PSI</source>
        <translation>Score PSI</translation>
    </message>
    <message>
        <source>Data compared</source>
        <translation>Data compared</translation>
    </message>
    <message>
        <source>Reading the reports folder…</source>
        <translation>Reading the reports folder…</translation>
    </message>
    <message>
        <source>%1 (%2 of the features)</source>
        <translation>%1 (%2 of the features)</translation>
    </message>
    <message>
        <source>Double-click a report to open it in the browser (it works offline).</source>
        <translation>Double-click a report to open it in the browser (it works offline).</translation>
    </message>
    <message>
        <source>No drift report yet: use Monitoring ▸ Generate drift report.</source>
        <translation>No drift report yet: use Monitoring ▸ Generate drift report.</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Probability of default gauge</source>
        <translation>Probability of default gauge</translation>
    </message>
    <message>
        <source>Simulated application (what-if): %1 field(s) changed. The officer's decision below is recorded on the original application.</source>
        <translation>Simulated application (what-if): %1 field(s) changed. The officer's decision below is recorded on the original application.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Model decision</source>
        <translation>Model decision</translation>
    </message>
    <message>
        <source>Probability of default</source>
        <translation>Probability of default</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>Past loan outcome</source>
        <translation>Past loan outcome</translation>
    </message>
</context>
<context>
    <name>WhatIfPanel</name>
    <message>
        <source>original: %1</source>
        <translation>original: %1</translation>
    </message>
    <message>
        <source>%1, exact value</source>
        <translation>%1, exact value</translation>
    </message>
    <message>
        <source>Application fields (the store is never changed)</source>
        <translation>Application fields (the store is never changed)</translation>
    </message>
    <message>
        <source>Original ▲</source>
        <translation>Original ▲</translation>
    </message>
    <message>
        <source>The application's own value; ▲ under a slider and ◆ in a list mark it too.</source>
        <translation>The application's own value; ▲ under a slider and ◆ in a list mark it too.</translation>
    </message>
    <message>
        <source>&amp;Reset to the original</source>
        <translation>&amp;Reset to the original</translation>
    </message>
    <message>
        <source>Apply &amp;path to approval</source>
        <translation>Apply &amp;path to approval</translation>
    </message>
    <message>
        <source>Moves the sliders to the smallest changes that would turn the decision to accept</source>
        <translation>Moves the sliders to the smallest changes that would turn the decision to accept</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>Simulated</translation>
    </message>
    <message>
        <source>Original versus simulated</source>
        <translation>Original versus simulated</translation>
    </message>
    <message>
        <source>Simulated probability of default gauge</source>
        <translation>Simulated probability of default gauge</translation>
    </message>
    <message>
        <source>Contributions to the simulated score</source>
        <translation>Contributions to the simulated score</translation>
    </message>
    <message>
        <source>Probability of default</source>
        <translation>Probability of default</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Searching for the smallest changes…</source>
        <translation>Searching for the smallest changes…</translation>
    </message>
    <message>
        <source>Path to approval applied to the sliders.</source>
        <translation>Path to approval applied to the sliders.</translation>
    </message>
    <message>
        <source>No realistic change of the editable fields turns this decision to accept.</source>
        <translation>No realistic change of the editable fields turns this decision to accept.</translation>
    </message>
</context>
</TS>