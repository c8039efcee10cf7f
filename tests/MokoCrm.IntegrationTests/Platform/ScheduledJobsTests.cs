using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MokoCrm.Testing;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Jobs;

namespace MokoCrm.IntegrationTests.Platform;

public sealed class ScheduledJobsTests(ScheduledJobsTests.JobsFactory app) : IClassFixture<ScheduledJobsTests.JobsFactory>
{
    [Fact]
    public async Task A_due_job_runs_once_even_when_several_nodes_ask_at_the_same_moment()
    {
        var runner = app.Services.GetRequiredService<JobRunner>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The other test of the class may have run it already: make it due now.
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<JobRun>().Where(j => j.Name == CountingJob.JobName).ExecuteDeleteAsync();
        }

        CountingJob.Reset();

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => runner.RunDueAsync(CancellationToken.None))));
        var again = await runner.RunDueAsync(CancellationToken.None);

        CountingJob.Runs.ShouldBe(1);
        results.Count(r => r.Contains(CountingJob.JobName)).ShouldBe(1);
        again.ShouldNotContain(CountingJob.JobName); // not due again before its interval
    }

    [Fact]
    public async Task A_failing_job_keeps_its_error_and_is_scheduled_again()
    {
        var runner = app.Services.GetRequiredService<JobRunner>();

        await runner.RunDueAsync(CancellationToken.None);

        await using var scope = app.Services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<JobRun>().AsNoTracking().SingleAsync(j => j.Name == FailingJob.JobName);
        run.LastError.ShouldBe("The mail server did not answer.");
        run.LastSucceededAt.ShouldBeNull();
        run.NextRunAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
    }

    public sealed class JobsFactory : MokoAppFactory
    {
        protected override void ConfigureTestServices(IServiceCollection services)
        {
            services.Configure<JobOptions>(o => o.Enabled = false); // the tests call the runner themselves
            services.AddSingleton<IScheduledJob, CountingJob>();
            services.AddSingleton<IScheduledJob, FailingJob>();
        }
    }

    private sealed class CountingJob : IScheduledJob
    {
        public const string JobName = "test.counting";
        private static int _runs;

        public static int Runs => _runs;

        public string Name => JobName;

        public TimeSpan Interval => TimeSpan.FromHours(1);

        public static void Reset() => _runs = 0;

        public async Task RunAsync(IServiceProvider services, DateTimeOffset? lastSucceededAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            await Task.Delay(200, cancellationToken); // long enough for the other callers to find the lock taken
        }
    }

    private sealed class FailingJob : IScheduledJob
    {
        public const string JobName = "test.failing";

        public string Name => JobName;

        public TimeSpan Interval => TimeSpan.FromMinutes(10);

        public Task RunAsync(IServiceProvider services, DateTimeOffset? lastSucceededAt, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The mail server did not answer.");
    }
}
