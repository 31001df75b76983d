using System.Runtime.InteropServices;
using SlaEscalation.LoadTool;

// Load goes to loopback only, is bounded by its options, and everything started here is stopped on the way out,
// Ctrl+C and SIGTERM included.
ToolOptions options;
ILoadCommand command;
string? postgres;
bool fsync;
bool statements;
try
{
    options = ToolOptions.Parse(args);
    postgres = options.String("postgres");
    fsync = options.OnOff("fsync", fallback: true);
    statements = options.OnOff("pg-statements", fallback: false);
    command = options.Command switch
    {
        "ingest" => new IngestCommand(options),
        "lag" => new LagCommand(options),
        "scale" => new ScaleCommand(options),
        "digest" => new DigestCommand(options),
        "simulate" => new SimulateCommand(options),
        "board" => new BoardCommand(options),
        "history" => new HistoryCommand(options),
        _ => throw new ArgumentException($"unknown command '{options.Command}': ingest, lag, scale, digest, simulate, board or history"),
    };
    options.RejectUnknown();
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/SlaEscalation.LoadTool -- <command> [options]
          ingest --events 50000 --concurrency 32 --batch 100 --events-per-ticket 4 --upsert-seconds 20 --warm-up 200000 --warm-up-round 25000 --silos 1 --via cloudevents|zendesk --via-events 20000 --telemetry on|off --runtime on|off [--silo-env NAME=value,...]
          lag    --tickets 10000 --window-seconds 60 --lead-seconds 60 --batch 500 --concurrency 8 [--runbook on] [--silo-env NAME=value,...] [--seconds-csv PATH]
          scale  --tickets 100000 --batch 1000 --concurrency 8 --sample 500 --sample-lead-seconds 240 --idle-seconds 200 --memory-budget-mib 0 --restart in-place|new-address [--silo-env NAME=value,...]
          digest --tickets 1000000 --facts 5000 --reads 1000 --readers 8
          simulate --tickets 100000 --lag-tickets 10000 --lag-window-seconds 120 --lag-lead-seconds 20 --batch 1000 --concurrency 8
          board  --tickets 10000 --pages 50 --events 20000 --concurrency 16 --batch 100 --runbook off
          history --tickets 2 --events-per-ticket 20000 --max-seconds 300 --reads 20
          every command: --fsync on|off (default on: a throwaway server with PostgreSQL's durable defaults)
                         --postgres <connection string> (use that server instead; the user must create databases)
                         --pg-statements on|off (default off: load pg_stat_statements and print what ingest ran)
        """);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

try
{
    await using var rig = await LoadRig.StartAsync(postgres, fsync, statements);
    Figures.Header(options, rig);
    await command.RunAsync(rig, cancel.Token);
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled; silos and PostgreSQL stopped");
    return 130;
}
