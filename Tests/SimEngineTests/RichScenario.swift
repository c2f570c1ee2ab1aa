/// A scenario that uses every model feature at once (uncertain baseline,
/// normal effect, random sizes, cohort shocks, a control group, a cap,
/// a checkpoint, continuation and two payers), for the tests that compare
/// runs with each other rather than with exact values.
enum RichScenario {
  static let json = """
    {"name": "every feature", "discountRate": 0.04,
     "investment": {"tranches": [{"year": 0, "amount": 3000000}, {"year": 1, "amount": 3000000},
                                 {"year": 2, "amount": 2000000}]},
     "cohorts": [{"name": "2025", "startYear": 0, "size": 30},
                 {"name": "2026", "startYear": 1, "size": {"dist": "uniformInt", "min": 20, "max": 40}},
                 {"name": "2027", "startYear": 2, "size": {"dist": "poisson", "mean": 30}}],
     "outcome": {"measuredAfterYears": 1,
                 "baseline": {"dist": "betaCounts", "successes": 40, "trials": 100},
                 "effect": {"scale": "points", "dist": {"dist": "normal", "mean": 0.08, "sd": 0.08}},
                 "cohortShockSD": 0.1},
     "evaluation": {"comparison": "controlGroup", "controlRatio": 1.0},
     "payment": {"basis": "perCohort", "cap": 9000000, "lagYears": 0.5,
                 "rule": {"type": "tiers", "tiers": [{"minEffect": 0.05, "amount": 2000000},
                                                      {"minEffect": 0.10, "amount": 4000000}]}},
     "termination": {"checkpoints": [{"year": 2, "minPooledEffect": 0.0}], "settleStartedCohorts": true},
     "continuation": {"minEffect": 0.10, "annualCost": 2000000, "startYear": 4, "years": 3},
     "value": {"publicSavingsPerOutcome": 400000, "socialValuePerOutcome": 900000},
     "payers": [{"name": "Municipality A", "share": 0.6}, {"name": "Municipality B", "share": 0.4}]}
    """
}
