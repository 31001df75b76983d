using SlaEscalation.Chaos;

var (options, error) = ChaosOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(ChaosOptions.Usage);
    return 2;
}

return await new ChaosRun(options, Console.Out).RunAsync() ? 0 : 1;
