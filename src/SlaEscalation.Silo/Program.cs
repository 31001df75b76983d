using SlaEscalation.Silo.Hosting;

return await SiloCommandLine.RunAsync(args, Console.Out, Console.Error);
