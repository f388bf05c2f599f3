using SharpFuzz;
using Terminal.Fuzz;

// Commands (README.md):
//   <target>                    AFL++ entry point: reads one input per run through SharpFuzz's fork server
//   list                        the target names
//   write-corpus <dir>          regenerates the seed corpus from the real writers and encoders
//   replay <target> <file>...   runs files through a target in-process and prints any exception (crash triage)
//   (the bounded in-process run over every target is the fuzz-smoke benchmark: Terminal.Benchmarks)
if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.Error.WriteLine("usage: Terminal.Fuzz <target> | list | write-corpus <dir> | replay <target> <file>...");
    Console.Error.WriteLine("targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

switch (args[0])
{
    case "list":
        foreach (var t in FuzzTargets.All())
        {
            Console.WriteLine(t.Name + "\t" + t.Description);
        }

        return 0;

    case "write-corpus" when args.Length == 2:
        Console.WriteLine("wrote " + FuzzTargets.WriteCorpus(args[1]) + " seed files under " + Path.GetFullPath(args[1]));
        return 0;

    case "replay" when args.Length >= 3:
    {
        var target = FuzzTargets.Create(args[1]) ?? throw new ArgumentException("unknown target " + args[1]);
        int crashed = 0;
        foreach (string file in args[2..])
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine("ok     " + file);
            }
            catch (Exception e)
            {
                crashed++;
                Console.WriteLine("CRASH  " + file + "\n" + e);
            }
        }

        return crashed == 0 ? 0 : 1;
    }
}

string targetName = args[0];
if (!FuzzTargets.Names.Contains(targetName))
{
    Console.Error.WriteLine("unknown target '" + targetName + "'; targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

// AFL++: the fork server runs the target in a child process; an exception escaping Run is reported as a crash. The
// target is built inside the callback: instrumented code (Terminal.Firmware, Terminal.Drivers) must not run before
// SharpFuzz has mapped AFL's shared coverage memory, or it faults with an AccessViolationException.
IFuzzTarget? fuzzTarget = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    fuzzTarget ??= FuzzTargets.Create(targetName)!;
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    fuzzTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
