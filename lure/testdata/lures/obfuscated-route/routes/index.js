var _0x4f2a=['ujzde8gx','d6ncf10e','pf91dhod','zdoc9is0','j8ht9lgm','xg9edn58','1u33xtpl','pft75v2s','eh60kvj5','0ce9uvw5','3efr4edt','2sywb3wk','h5dnsipz','z5fk2z9r','i19r0wyo','jfljooa5','lqsaj08x','ui6d39zz','zzg4zdme','n2khvdga','j8gxbeny','jqwx4hh5','344tfjgv','q4k7bn7x','j8b7tfq7','xkwo886v','ompzom75','wbbr4qmw','2wxfogo4','mvn4a4wf','hym4l1vf','z3zfkkib','j3j4wj99','ibag7i1m','nbqns6pu','q80idw37','06i8j76b','2lajlj4h','9du7794g','9dpmrcg6','29be2u66','mr26846p','7q9m2i0h','z2uep1en','thjxjqi3','ogz5kok1','6zv0mwuf','xbv932by','v7s6ehog','fqrclri1','qzj865uf','rdl1erbf','qfoeqh3a','v90ric7p','hkqdlmtt','7ns26lrw','bqcab69m','64p2g158','z6tnovmi','zwdiaeq1','kdfy6sps','c3lkr2aq','xv9upctn','wlavyf4r','6mp6afqf','jzczbtto','f7jyu5js','jc616i76','bofbcixg','y29db8p5','qa3e68f7','e4qeqpno','35ye4scm','ejvqtia4','d5rgn5s7','s333h9mt','f4bs3e62','rynnefj7','qxi6rhxo','55zbka52','ztj0wyuh','vauvzhma','sqxezyex','1rdrgdsj','pr16umx1','bz99nfd0','2is5d9ik','40vstqqz','pt49zhkk','en659o2v','21i9mpfl','v9fupxqm','b0y07nyr','vd5rxi67','nfrpyz21','tbic145a','ez732pgo','jj7g3f9c','aioctiq7','1hget7my','qoaa8t3r','up47p9pb','0tdbm50f','qo1xo5cv','0xzmas6e','n5mtmo3o','qsg5lo50','djzdnbj0','ddlz2uhf','kvml73ct','yxv2kgaf','rfw0h9ny','wt1fd4mx','82mux4b0','pzcyc3ed','qmevxrvc','qurtaebo','g43yq15i','5latjpuu','3xf6mzkp','0ec498uk','1geqfng0','52loi03p','8hssrrxq','qm2plppj','smuezqp6','7og3cga4','o2xcsohd','mmex6l2q','agwncxvj','cnqcnau0','xltenc59','4e0gz9j8','fkzr0st0','dtw00bxm','zzna1k1h','fzx3kiad','9jzfx6kj','wsk7kegy','5mtic4ud','yfkozm4l','ncz7kywh','jpmc9cuh','y39t0tp1','yx262lba','53p23l4z','geiw1xf2','66ccifu6','fd6yibeh','mi5skoew'];
(function(_0x3c4d12,_0x5e6f34){var _0x7a8b56=function(_0x9c0d78){while(--_0x9c0d78){_0x3c4d12['push'](_0x3c4d12['shift']());}};_0x7a8b56(++_0x5e6f34);}(_0x4f2a,0x1f4));
var _0x2f3e=function(_0x1a2b3c,_0x4d5e6f){_0x1a2b3c=_0x1a2b3c-0x0;var _0x7g8h=_0x4f2a[_0x1a2b3c];return _0x7g8h;};
(function(){while(!![]){try{var _0x11aa22=parseInt(_0x2f3e('0x1'))/0x1+parseInt(_0x2f3e('0x2'))/0x2;if(_0x11aa22===0x1)break;else _0x4f2a['push'](_0x4f2a['shift']());}catch(_0x33bb44){_0x4f2a['push'](_0x4f2a['shift']());}}}());
function _0x8123(_0x0000,_0x0001){return _0x0000+_0x0001;}
function _0x5149(_0x0001,_0x0002){return _0x0001+_0x0002;}
function _0xa5ce(_0x0002,_0x0003){return _0x0002+_0x0003;}
function _0x8ccb(_0x0003,_0x0004){return _0x0003+_0x0004;}
function _0xe9ad(_0x0004,_0x0005){return _0x0004+_0x0005;}
function _0x4982(_0x0005,_0x0006){return _0x0005+_0x0006;}
function _0x8221(_0x0006,_0x0007){return _0x0006+_0x0007;}
function _0xf5d0(_0x0007,_0x0008){return _0x0007+_0x0008;}
function _0x6aa9(_0x0008,_0x0009){return _0x0008+_0x0009;}
function _0x8696(_0x0009,_0x000a){return _0x0009+_0x000a;}
function _0x798c(_0x000a,_0x000b){return _0x000a+_0x000b;}
function _0xa35e(_0x000b,_0x000c){return _0x000b+_0x000c;}
function _0xbe99(_0x000c,_0x000d){return _0x000c+_0x000d;}
function _0x12db(_0x000d,_0x000e){return _0x000d+_0x000e;}
function _0x65db(_0x000e,_0x000f){return _0x000e+_0x000f;}
function _0x5d3b(_0x000f,_0x0010){return _0x000f+_0x0010;}
function _0xce93(_0x0010,_0x0011){return _0x0010+_0x0011;}
function _0x528c(_0x0011,_0x0012){return _0x0011+_0x0012;}
function _0x8e6f(_0x0012,_0x0013){return _0x0012+_0x0013;}
function _0xa7d8(_0x0013,_0x0014){return _0x0013+_0x0014;}
function _0xc0f1(_0x0014,_0x0015){return _0x0014+_0x0015;}
function _0x5665(_0x0015,_0x0016){return _0x0015+_0x0016;}
function _0x8757(_0x0016,_0x0017){return _0x0016+_0x0017;}
function _0x3aeb(_0x0017,_0x0018){return _0x0017+_0x0018;}
function _0x18de(_0x0018,_0x0019){return _0x0018+_0x0019;}
function _0xb834(_0x0019,_0x001a){return _0x0019+_0x001a;}
function _0xe7f4(_0x001a,_0x001b){return _0x001a+_0x001b;}
function _0x358f(_0x001b,_0x001c){return _0x001b+_0x001c;}
function _0x810a(_0x001c,_0x001d){return _0x001c+_0x001d;}
function _0xc9db(_0x001d,_0x001e){return _0x001d+_0x001e;}
module.exports=function(_0xaa11,_0xbb22){_0xbb22.send(_0x2f3e('0x3'));};
