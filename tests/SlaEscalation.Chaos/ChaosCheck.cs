namespace SlaEscalation.Chaos;

/// <summary>One promise of the run and what was measured for it.</summary>
public sealed record ChaosCheck(string Promise, CheckOutcome Outcome, string Figure)
{
    public static ChaosCheck Of(string promise, bool held, string figure) =>
        new(promise, held ? CheckOutcome.Held : CheckOutcome.Broken, figure);

    public override string ToString() => Outcome switch
    {
        CheckOutcome.Held => $"  held        {Promise}: {Figure}",
        CheckOutcome.Broken => $"  BROKEN      {Promise}: {Figure}",
        _ => $"  NOT CHECKED {Promise}: {Figure}",
    };
}

/// <summary>Whether a promise held, broke, or could not be checked yet (never counted as held).</summary>
public enum CheckOutcome
{
    Held,
    Broken,
    NotChecked,
}
