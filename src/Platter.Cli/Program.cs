using Platter.Cli;

return await PlatterCli.RunAsync(args, CliContext.FromProcess(), CancellationToken.None);
