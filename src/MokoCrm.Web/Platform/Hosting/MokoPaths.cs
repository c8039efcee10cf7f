namespace MokoCrm.Web.Platform.Hosting;

/// <summary>Where the app keeps what it writes: the embedded cluster and the log files.</summary>
public static class MokoPaths
{
    /// <summary>
    /// MOKO_DATA_DIR (or Moko:DataDir), else /var/lib/mokocrm when running as root (the postgres user must be able to
    /// traverse every folder above the cluster, and /root is closed to it), else ~/.local/share/mokocrm.
    /// </summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        var configured = configuration["MOKO_DATA_DIR"] ?? configuration["Moko:DataDir"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        if (EmbeddedPostgres.IsRoot)
        {
            return "/var/lib/mokocrm";
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var baseDir = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
            : xdg;
        return Path.Combine(baseDir, "mokocrm");
    }
}
