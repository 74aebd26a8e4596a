return await Advisor.Tool.AdvisorApp.RunAsync(args, System.Console.Out, System.Console.Error).ConfigureAwait(false);
