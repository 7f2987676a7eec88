using NUnit.Framework;

// The fault tests start and kill whole processes against one broker and one database; they run one at a time.
[assembly: NonParallelizable]
