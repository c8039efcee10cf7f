using System.Diagnostics;
using System.Text;

namespace MokoCrm.Web.Platform.Hosting;

/// <summary>
/// A private PostgreSQL cluster run from the server binaries installed on the machine (PostgreSQL 14+).
/// It listens on a unix socket only, in a folder of its own, so it never clashes with another server's port.
/// Used by the app when no connection string is configured, and by the tests for their throwaway cluster.
/// </summary>
public sealed class EmbeddedPostgres : IDisposable
{
    private const int SocketPort = 5432; // only names the socket file; nothing listens on TCP
    private readonly string _binDir;
    private bool _startedByUs;

    private EmbeddedPostgres(string root, string binDir)
    {
        Root = root;
        _binDir = binDir;
    }

    /// <summary>The folder holding data/ (the cluster), run/ (the socket) and server.log.</summary>
    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string SocketDirectory => Path.Combine(Root, "run");

    public string LogFile => Path.Combine(Root, "server.log");

    public string ConnectionString(string database) =>
        $"Host={SocketDirectory};Port={SocketPort};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50";

    /// <summary>
    /// Creates the cluster under <paramref name="root"/> on first use, then starts it (or reuses it when a
    /// previous run left it running). <paramref name="throwaway"/> turns durability off: tests only.
    /// </summary>
    public static EmbeddedPostgres Start(string root, bool throwaway = false)
    {
        var server = new EmbeddedPostgres(Path.GetFullPath(root), FindBinDirectory());
        server.StartCore(throwaway);
        return server;
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Newest installed server binaries: MOKO_PG_BIN, else pg_config --bindir, else /usr/lib/postgresql/N/bin.</summary>
    public static string FindBinDirectory()
    {
        var candidates = new List<string>();
        var fromEnv = Environment.GetEnvironmentVariable("MOKO_PG_BIN");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => x.Version >= 14)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin")));
        }

        try
        {
            var bindir = Run("pg_config", ["--bindir"], throwOnError: false).Trim();
            if (bindir.Length > 0)
            {
                candidates.Add(bindir);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed; the folders above may still hold the server
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl) were found. Install PostgreSQL 14 or later " +
                "(Debian: apt-get install postgresql), set MOKO_PG_BIN to its bin folder, or configure " +
                "ConnectionStrings__Default to use an existing server.");
    }

    private void StartCore(bool throwaway)
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(SocketDirectory);
        if (SocketDirectory.Length + 20 > 107)
        {
            throw new InvalidOperationException($"The socket folder '{SocketDirectory}' is too long for a unix socket; choose a shorter data folder (MOKO_DATA_DIR).");
        }

        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            Run("chown", ["-R", "postgres:postgres", Root]);
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            RunServerTool("initdb", ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        }

        if (IsRunning())
        {
            return; // left running by an earlier process: reuse it
        }

        var options = new StringBuilder($"-p {SocketPort} -c listen_addresses= -k {SocketDirectory} -c unix_socket_permissions=0700 -c max_connections=300");
        if (throwaway)
        {
            options.Append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }

        RunServerTool("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options.ToString(), "start"]);
        _startedByUs = true;
    }

    private bool IsRunning()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return false;
        }

        return RunServerTool("pg_ctl", ["-D", DataDirectory, "status"], throwOnError: false).Contains("server is running", StringComparison.Ordinal);
    }

    /// <summary>Stops the cluster if this process started it (fast shutdown: open sessions are ended).</summary>
    public void Stop()
    {
        if (!_startedByUs)
        {
            return;
        }

        _startedByUs = false;
        RunServerTool("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], throwOnError: false);
    }

    /// <summary>Stops the cluster and deletes its files (throwaway test clusters).</summary>
    public void StopAndDelete()
    {
        Stop();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the folder is under /tmp and harmless
        }
    }

    public void Dispose() => Stop();

    private string RunServerTool(string tool, IReadOnlyList<string> args, bool throwOnError = true)
    {
        var path = Path.Combine(_binDir, tool);
        return IsRoot
            ? Run("runuser", ["-u", "postgres", "--", path, .. args], throwOnError)
            : Run(path, args, throwOnError);
    }

    private static string Run(string file, IReadOnlyList<string> args, bool throwOnError = true)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        // pg_ctl start leaves the server holding our pipes' write ends; read asynchronously and stop at exit.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var output = (stdout.Wait(TimeSpan.FromSeconds(2)) ? stdout.Result : "") + (stderr.Wait(TimeSpan.FromSeconds(2)) ? stderr.Result : "");
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {output}");
        }

        return output;
    }
}
